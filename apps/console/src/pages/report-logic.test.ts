import { hourly, reportTotals, slowestStep } from './report-logic';

const transit = {
  columns: ['post', 'officer', 'crossings', 'read_s', 'biometrics_s', 'checks_s', 'decision_s', 'mean_total_s', 'max_total_s'],
  rows: [
    ['north', 'officer-a', 3, 5, 20, 3, 12, 40, 55],
    ['north', 'officer-b', 1, 9, 10, null, 30, 49, 49],
    ['south', 'officer-c', 0, null, null, null, null, null, null],
  ],
};

test('the slowest step of a transit row is the step with the longest mean; untimed steps are skipped', () => {
  expect(slowestStep(transit.columns, transit.rows[0]!)).toBe('biometrics_s');
  expect(slowestStep(transit.columns, transit.rows[1]!)).toBe('decision_s');
  expect(slowestStep(transit.columns, transit.rows[2]!)).toBeNull();
});

test('transit totals are means weighted by crossings, the longest of all, and their slowest step', () => {
  const totals = reportTotals(transit);
  expect(totals.crossings).toBe(4);
  // read: (5×3 + 9×1) / 4 = 6; biometrics (20×3 + 10) / 4 = 17.5; checks only timed for officer-a: 3;
  // decision (12×3 + 30) / 4 = 16.5; total (40×3 + 49) / 4 = 42.25 → 42.3.
  expect(totals.values).toEqual({ crossings: 4, read_s: 6, biometrics_s: 17.5, checks_s: 3, decision_s: 16.5, mean_total_s: 42.3, max_total_s: 55 });
  expect(totals.slowest).toBe('biometrics_s');
  expect(totals.bySeries).toBeNull();
});

test('flow totals count crossings overall and per direction; decision totals per outcome', () => {
  const flows = reportTotals({
    columns: ['day', 'post', 'direction', 'nationality', 'crossings'],
    rows: [
      ['2026-06-01', 'north', 'entry', 'NGA', 1200],
      ['2026-06-01', 'north', 'exit', 'NGA', 7],
      ['2026-06-02', 'south', 'entry', 'GIN', 3],
    ],
  });
  expect(flows).toEqual({ crossings: 1210, bySeries: { entry: 1203, exit: 7 }, values: { crossings: 1210 }, slowest: null });
  const decisions = reportTotals({ columns: ['day', 'post', 'outcome', 'crossings'], rows: [['2026-06-01', 'north', 'refused', 2], ['2026-06-01', 'north', 'referred', 5]] });
  expect(decisions.bySeries).toEqual({ refused: 2, referred: 5 });
  expect(reportTotals({ columns: ['day', 'post', 'outcome', 'crossings'], rows: [] })).toEqual({ crossings: 0, bySeries: {}, values: { crossings: 0 }, slowest: null });
});

test('the hours chart has every hour of the day, posts summed, the mean total weighted by crossings', () => {
  const points = hourly(
    [
      ['north', '08', 3, 40, 55],
      ['south', '08', 1, 80, 80],
      ['south', '17', 2, null, null],
    ],
    ['post', 'hour', 'crossings', 'mean_total_s', 'max_total_s'],
  );
  expect(points).toHaveLength(24);
  expect(points[8]).toEqual({ hour: '08', crossings: 4, mean_total_s: 50 });
  expect(points[17]).toEqual({ hour: '17', crossings: 2, mean_total_s: null });
  expect(points[0]).toEqual({ hour: '00', crossings: 0, mean_total_s: null });
});
