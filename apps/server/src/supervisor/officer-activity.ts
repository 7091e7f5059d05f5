import { BorderpostError } from '@borderpost/common';

/**
 * Unusual officer activity (issue 9, data quality): an officer whose share of a kind of crossing is far
 * above the norm of the other officers of the same post, over a window of days. Three rules:
 *
 * - `hit-override`: of the crossings with an alert hit, the share the officer admitted;
 * - `unverified-document`: of the admitted crossings, the share whose document was not machine-verified
 *   (typed by hand, or its MRZ check digits failed and the officer accepted it);
 * - `fast-decision`: of all crossings, the share decided in under `fastSeconds` from the first step
 *   (document, fingers, face and checks in a few seconds means steps were skipped or rushed).
 *
 * An officer is flagged for a rule when all hold: the base (denominator) is at least `minBase`, the
 * count at least `minEvents`, the share at least `ratio` × the norm, and at least `minExcess` above it.
 * The norm is the same share over the other officers of the post in the window; when they have fewer
 * than `minBase` crossings between them (a one-officer post), over every other officer of every post.
 * Pure functions over aggregated counts, so the rules are tested without a database.
 */
export const OFFICER_RULES = ['hit-override', 'unverified-document', 'fast-decision'] as const;
export type OfficerRule = (typeof OFFICER_RULES)[number];

export interface OfficerActivityThresholds {
  windowDays: number;
  ratio: number;
  minExcess: number;
  minEvents: number;
  minBase: Record<OfficerRule, number>;
  fastSeconds: number;
  enabled: Record<OfficerRule, boolean>;
}

export const DEFAULT_OFFICER_THRESHOLDS: OfficerActivityThresholds = {
  windowDays: 30,
  ratio: 3,
  minExcess: 0.1,
  minEvents: 3,
  minBase: { 'hit-override': 5, 'unverified-document': 20, 'fast-decision': 20 },
  fastSeconds: 8,
  enabled: { 'hit-override': true, 'unverified-document': true, 'fast-decision': true },
};

const ruleFlags = { type: 'object', properties: Object.fromEntries(OFFICER_RULES.map((r) => [r, { type: 'boolean' }])), additionalProperties: false } as const;
const ruleMinimums = { type: 'object', properties: Object.fromEntries(OFFICER_RULES.map((r) => [r, { type: 'integer', minimum: 1, maximum: 100000 }])), additionalProperties: false } as const;

/** JSON schema of the thresholds (every field optional: absent ones keep their default). */
export const OfficerThresholdsSchema = {
  type: 'object',
  properties: {
    windowDays: { type: 'integer', minimum: 1, maximum: 365 },
    ratio: { type: 'number', minimum: 1, maximum: 100 },
    minExcess: { type: 'number', minimum: 0, maximum: 1 },
    minEvents: { type: 'integer', minimum: 1, maximum: 100000 },
    minBase: ruleMinimums,
    fastSeconds: { type: 'integer', minimum: 1, maximum: 600 },
    enabled: ruleFlags,
  },
  additionalProperties: false,
} as const;

export function mergeThresholds(input: Partial<Omit<OfficerActivityThresholds, 'minBase' | 'enabled'>> & { minBase?: Partial<Record<OfficerRule, number>>; enabled?: Partial<Record<OfficerRule, boolean>> }): OfficerActivityThresholds {
  const merged = {
    ...DEFAULT_OFFICER_THRESHOLDS,
    ...input,
    minBase: { ...DEFAULT_OFFICER_THRESHOLDS.minBase, ...(input.minBase ?? {}) },
    enabled: { ...DEFAULT_OFFICER_THRESHOLDS.enabled, ...(input.enabled ?? {}) },
  };
  if (!Object.values(merged.enabled).some(Boolean)) throw new BorderpostError('SERVER_BAD_THRESHOLDS', 'at least one unusual-activity rule must stay enabled');
  return merged;
}

/** Counts per (post, officer) over the window, as the aggregate query returns them. */
export interface OfficerCounts {
  postId: string;
  officerId: string;
  crossings: number;
  admitted: number;
  hitCrossings: number;
  hitAdmitted: number;
  unverifiedAdmitted: number;
  fast: number;
}

export interface OfficerActivityItem {
  subject: string;
  rule: OfficerRule;
  postId: string;
  officerId: string;
  count: number;
  base: number;
  share: number;
  norm: number;
  normCount: number;
  normBase: number;
  normScope: 'post' | 'all-posts';
  explanation: string;
}

const ratioOf = (rule: OfficerRule, c: OfficerCounts): [number, number] =>
  rule === 'hit-override' ? [c.hitAdmitted, c.hitCrossings] : rule === 'unverified-document' ? [c.unverifiedAdmitted, c.admitted] : [c.fast, c.crossings];

export const officerSubject = (postId: string, officerId: string, rule: OfficerRule) => `officer-activity:${postId}:${officerId}:${rule}`;

/** Parses a subject back into its parts, or null when it is not one. */
export function parseOfficerSubject(subject: string): { postId: string; officerId: string; rule: OfficerRule } | null {
  const match = /^officer-activity:([a-z0-9][a-z0-9-]{0,39}):(.{1,80}):([a-z-]+)$/.exec(subject);
  if (!match || !(OFFICER_RULES as readonly string[]).includes(match[3]!)) return null;
  return { postId: match[1]!, officerId: match[2]!, rule: match[3] as OfficerRule };
}

const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;

function explain(rule: OfficerRule, item: Omit<OfficerActivityItem, 'explanation' | 'subject'>, fastSeconds: number): string {
  const what =
    rule === 'hit-override'
      ? `admitted ${item.count} of ${item.base} travellers with an alert hit`
      : rule === 'unverified-document'
        ? `admitted ${item.count} of ${item.base} travellers on a document typed by hand or failing its MRZ checks`
        : `decided ${item.count} of ${item.base} crossings in under ${fastSeconds} s`;
  const scope = item.normScope === 'post' ? `other officers at ${item.postId}` : 'other officers of all posts';
  return `officer ${item.officerId} ${what} (${percent(item.share)}); norm ${percent(item.norm)} (${item.normCount} of ${item.normBase}, ${scope})`;
}

/** The flagged (post, officer, rule) items of one window, most excessive first. */
export function unusualOfficerActivity(rows: OfficerCounts[], thresholds: OfficerActivityThresholds): OfficerActivityItem[] {
  const items: OfficerActivityItem[] = [];
  for (const rule of OFFICER_RULES) {
    if (!thresholds.enabled[rule]) continue;
    const minBase = thresholds.minBase[rule];
    const perPost = new Map<string, [number, number]>();
    let allCount = 0;
    let allBase = 0;
    for (const row of rows) {
      const [count, base] = ratioOf(rule, row);
      const sum = perPost.get(row.postId) ?? [0, 0];
      perPost.set(row.postId, [sum[0] + count, sum[1] + base]);
      allCount += count;
      allBase += base;
    }
    for (const row of rows) {
      const [count, base] = ratioOf(rule, row);
      if (base < minBase || count < thresholds.minEvents) continue;
      const [postCount, postBase] = perPost.get(row.postId)!;
      const postScope = postBase - base >= minBase;
      const normCount = postScope ? postCount - count : allCount - count;
      const normBase = postScope ? postBase - base : allBase - base;
      if (normBase < minBase) continue; // nobody to compare with
      const share = count / base;
      const norm = normCount / normBase;
      if (share < thresholds.ratio * norm || share - norm < thresholds.minExcess) continue;
      const item = { rule, postId: row.postId, officerId: row.officerId, count, base, share, norm, normCount, normBase, normScope: postScope ? ('post' as const) : ('all-posts' as const) };
      items.push({ subject: officerSubject(row.postId, row.officerId, rule), ...item, explanation: explain(rule, item, thresholds.fastSeconds) });
    }
  }
  return items.sort((a, b) => b.share - b.norm - (a.share - a.norm) || a.subject.localeCompare(b.subject));
}
