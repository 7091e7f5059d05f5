/** The crossing record's step durations (pure, unit-tested). */

export type Step = 'read' | 'biometrics' | 'checks' | 'decision' | 'total' | 'secondary';

const seconds = (from: string | undefined, to: string | undefined): number | null => {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.round(ms / 100) / 10 : null;
};

/**
 * Seconds per step, each from the previous recorded one (a skipped step does not count twice) — the
 * same rule as the server's projection (`sv_crossings.read_ms`…), so the record agrees with the
 * transit report. `secondary` (decision → final decision) only when there was one. A negative value
 * (a clock set back during the crossing) is shown as it is.
 */
export function stepDurations(t: Record<string, string | undefined>): { step: Step; seconds: number | null }[] {
  const steps: { step: Step; seconds: number | null }[] = [
    { step: 'read', seconds: seconds(t.startedAt, t.documentReadAt) },
    { step: 'biometrics', seconds: seconds(t.documentReadAt ?? t.startedAt, t.biometricsAt) },
    { step: 'checks', seconds: seconds(t.biometricsAt ?? t.documentReadAt ?? t.startedAt, t.checksAt) },
    { step: 'decision', seconds: seconds(t.checksAt ?? t.biometricsAt ?? t.documentReadAt ?? t.startedAt, t.decidedAt) },
    { step: 'total', seconds: seconds(t.startedAt, t.decidedAt) },
  ];
  if (t.finalAt) steps.push({ step: 'secondary', seconds: seconds(t.decidedAt, t.finalAt) });
  return steps;
}
