/** The reports page's arithmetic (pure, unit-tested): totals and the slowest step of a transit row. */

export interface Report {
  columns: string[];
  rows: (string | number | null)[][];
}

/** Mean seconds per step, in the order an officer goes through them. */
export const STEP_COLUMNS = ['read_s', 'biometrics_s', 'checks_s', 'decision_s'];

/** The step with the longest mean in a transit row (null when no step was timed). */
export function slowestStep(columns: string[], row: (string | number | null)[]): string | null {
  let best: string | null = null;
  let bestValue = -Infinity;
  for (const key of STEP_COLUMNS) {
    const value = row[columns.indexOf(key)];
    if (typeof value === 'number' && value > bestValue) {
      best = key;
      bestValue = value;
    }
  }
  return best;
}

export interface ReportTotals {
  crossings: number;
  /** flows: crossings per direction; decisions: per outcome. */
  bySeries: Record<string, number> | null;
  /** The footer's values by column: the crossings, and for transit the means over every crossing. */
  values: Record<string, number | null>;
  slowest: string | null;
}

/**
 * Totals of a report. For transit the whole-period means are the groups' means weighted by their
 * crossings (a post with 500 crossings counts 500 times one with 1); the longest is the longest of all.
 */
export function reportTotals(report: Report): ReportTotals {
  const at = (key: string) => report.columns.indexOf(key);
  const counts = report.rows.map((row) => Number(row[at('crossings')] ?? 0));
  const crossings = counts.reduce((a, b) => a + b, 0);
  const seriesColumn = at('direction') >= 0 ? at('direction') : at('outcome');
  let bySeries: Record<string, number> | null = null;
  if (seriesColumn >= 0) {
    bySeries = {};
    report.rows.forEach((row, i) => {
      const key = String(row[seriesColumn]);
      bySeries![key] = (bySeries![key] ?? 0) + counts[i]!;
    });
  }
  const values: Record<string, number | null> = { crossings };
  if (at('mean_total_s') >= 0) {
    for (const key of [...STEP_COLUMNS, 'mean_total_s']) {
      let weight = 0;
      let sum = 0;
      report.rows.forEach((row, i) => {
        const value = row[at(key)];
        if (typeof value === 'number') {
          sum += value * counts[i]!;
          weight += counts[i]!;
        }
      });
      values[key] = weight > 0 ? Math.round((sum / weight) * 10) / 10 : null;
    }
    const longest = report.rows.map((row) => row[at('max_total_s')]).filter((v): v is number => typeof v === 'number');
    values.max_total_s = longest.length > 0 ? Math.max(...longest) : null;
  }
  const totalsRow = report.columns.map((key) => values[key] ?? null);
  return { crossings, bySeries, values, slowest: at('mean_total_s') >= 0 ? slowestStep(report.columns, totalsRow) : null };
}

/**
 * The hours report summed over posts, one point per hour of the day (00–23, hours without a crossing
 * included so the chart's axis is the whole day): crossings, and the mean total weighted by crossings.
 */
export function hourly(rows: Report['rows'], columns: string[]): { hour: string; crossings: number; mean_total_s: number | null }[] {
  const at = (key: string) => columns.indexOf(key);
  const hours = Array.from({ length: 24 }, (_, h) => ({ hour: String(h).padStart(2, '0'), crossings: 0, weighted: 0, timed: 0 }));
  for (const row of rows) {
    const hour = hours[Number(row[at('hour')])];
    if (!hour) continue;
    const n = Number(row[at('crossings')] ?? 0);
    hour.crossings += n;
    const mean = row[at('mean_total_s')];
    if (typeof mean === 'number') {
      hour.weighted += mean * n;
      hour.timed += n;
    }
  }
  return hours.map(({ hour, crossings, weighted, timed }) => ({ hour, crossings, mean_total_s: timed > 0 ? Math.round((weighted / timed) * 10) / 10 : null }));
}
