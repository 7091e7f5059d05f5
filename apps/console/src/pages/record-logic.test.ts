import { stepDurations } from './record-logic';

test('each step runs from the previous recorded one; the total from start to decision', () => {
  expect(stepDurations({ startedAt: '2026-06-01T10:00:00.000Z', documentReadAt: '2026-06-01T10:00:05.000Z', biometricsAt: '2026-06-01T10:00:25.000Z', checksAt: '2026-06-01T10:00:28.000Z', decidedAt: '2026-06-01T10:00:40.000Z' })).toEqual([
    { step: 'read', seconds: 5 },
    { step: 'biometrics', seconds: 20 },
    { step: 'checks', seconds: 3 },
    { step: 'decision', seconds: 12 },
    { step: 'total', seconds: 40 },
  ]);
});

test('a skipped step is not timed and not counted twice; a secondary inspection adds its own line', () => {
  const steps = stepDurations({ startedAt: '2026-06-01T10:00:00Z', documentReadAt: '2026-06-01T10:00:04.250Z', checksAt: '2026-06-01T10:00:10Z', decidedAt: '2026-06-01T10:00:11Z', finalAt: '2026-06-01T10:10:11Z' });
  expect(steps).toEqual([
    { step: 'read', seconds: 4.3 },
    { step: 'biometrics', seconds: null },
    { step: 'checks', seconds: 5.8 },
    { step: 'decision', seconds: 1 },
    { step: 'total', seconds: 11 },
    { step: 'secondary', seconds: 600 },
  ]);
});
