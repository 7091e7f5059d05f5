/**
 * Stay rules and the matching of exits to entries (issue 9, "Entries and exits"). Pure functions over
 * a traveller's crossings, so the rules can be tested exhaustively without a database.
 *
 * Day counting follows the Schengen Borders Code (Art. 6) as the common reference for rolling rules:
 * the day of entry and the day of exit both count as days of stay, and the window is the `windowDays`
 * days ending on (and including) the day considered. Days are UTC calendar days of the decision time.
 */
import { BorderpostError } from '@borderpost/common';

export type StayRule =
  | { id: string; match: RuleMatch; kind: 'fixed'; maxDays: number }
  | { id: string; match: RuleMatch; kind: 'rolling'; maxDays: number; windowDays: number }
  | { id: string; match: RuleMatch; kind: 'exempt' };

/** Empty lists (or absent) match anything; a rule naming a visa type wins over one naming only nationalities. */
export interface RuleMatch {
  nationalities?: string[];
  visaTypes?: string[];
}

export const DEFAULT_STAY_RULES: StayRule[] = [{ id: 'default-90-in-180', match: {}, kind: 'rolling', maxDays: 90, windowDays: 180 }];

export interface StayCrossing {
  id: string;
  postId: string;
  direction: 'entry' | 'exit' | string;
  outcome: string;
  decidedAt: string;
  nationality: string;
  visaType: string | null;
}

export interface Stay {
  entry: StayCrossing | null;
  exit: StayCrossing | null;
  /** entry and exit both present; entry only (still in the country); exit only (no entry recorded). */
  status: 'closed' | 'open' | 'exit-without-entry' | 'entry-without-exit';
}

const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new BorderpostError('SERVER_BAD_DATE', `not a date: ${iso}`);
  return Math.floor(ms / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Limits of an editable rule (a rule beyond them is a typing mistake, not a policy). */
export const STAY_RULE_LIMITS = { idPattern: /^[A-Za-z0-9._-]{1,60}$/, maxDays: 3650, codes: 300, visaTypePattern: /^[A-Za-z0-9 ._/-]{1,40}$/ } as const;
const COUNTRY_CODE = /^[A-Z<]{1,3}$/;

/**
 * Refuses rules that cannot be evaluated (a bad settings value must not silently allow every stay), and
 * answers the rules rebuilt from their known fields only (nothing unchecked is stored).
 */
export function validateStayRules(rules: unknown): StayRule[] {
  const refuse = (message: string): never => {
    throw new BorderpostError('SERVER_BAD_STAY_RULES', message);
  };
  if (!Array.isArray(rules) || rules.length === 0) refuse('stay rules must be a non-empty list');
  const ids = new Set<string>();
  const out: StayRule[] = [];
  for (const [index, value] of (rules as unknown[]).entries()) {
    if (typeof value !== 'object' || value === null) refuse(`rule ${index + 1} is not an object`);
    const rule = value as Record<string, unknown>;
    if (typeof rule.id !== 'string' || rule.id.length === 0) refuse('every rule needs an id');
    const id = rule.id as string;
    if (!STAY_RULE_LIMITS.idPattern.test(id)) refuse(`rule ${id}: the id may hold only letters, digits, '.', '_' and '-' (at most 60)`);
    if (ids.has(id)) refuse(`rule ${id} appears twice`);
    ids.add(id);
    if (!['fixed', 'rolling', 'exempt'].includes(rule.kind as string)) refuse(`rule ${id}: unknown kind`);
    const match = parseMatch(id, rule.match, refuse);
    if (rule.kind === 'exempt') {
      out.push({ id, match, kind: 'exempt' });
      continue;
    }
    const maxDays = rule.maxDays as number;
    if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > STAY_RULE_LIMITS.maxDays) refuse(`rule ${id}: maxDays must be a positive integer (at most ${STAY_RULE_LIMITS.maxDays})`);
    if (rule.kind === 'fixed') {
      out.push({ id, match, kind: 'fixed', maxDays });
      continue;
    }
    const windowDays = rule.windowDays as number;
    if (!Number.isInteger(windowDays) || windowDays < maxDays || windowDays > STAY_RULE_LIMITS.maxDays) refuse(`rule ${id}: windowDays must be an integer ≥ maxDays`);
    out.push({ id, match, kind: 'rolling', maxDays, windowDays });
  }
  if (!out.some((rule) => isEmptyMatch(rule.match))) refuse('one rule must match everyone (no nationalities, no visa types): the default');
  return out;
}

function parseMatch(id: string, value: unknown, refuse: (message: string) => never): RuleMatch {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(`rule ${id}: match must be an object`);
  const { nationalities, visaTypes } = value as { nationalities?: unknown; visaTypes?: unknown };
  const match: RuleMatch = {};
  if (nationalities !== undefined) {
    if (!Array.isArray(nationalities) || nationalities.length > STAY_RULE_LIMITS.codes || !nationalities.every((code) => typeof code === 'string' && COUNTRY_CODE.test(code))) {
      refuse(`rule ${id}: nationalities must be ICAO three-letter codes (such as NGA)`);
    }
    if ((nationalities as string[]).length > 0) match.nationalities = [...new Set(nationalities as string[])];
  }
  if (visaTypes !== undefined) {
    if (!Array.isArray(visaTypes) || visaTypes.length > STAY_RULE_LIMITS.codes || !visaTypes.every((type) => typeof type === 'string' && STAY_RULE_LIMITS.visaTypePattern.test(type))) {
      refuse(`rule ${id}: visa types must be short codes (letters, digits, space, '.', '_', '/', '-')`);
    }
    if ((visaTypes as string[]).length > 0) match.visaTypes = [...new Set(visaTypes as string[])];
  }
  return match;
}

/**
 * Two rules of the same precedence that both apply to someone (two defaults, or two nationality rules
 * both naming NGA…): `ruleFor` would always pick the first listed, silently. Saving refuses them; loading
 * does not (rules saved before this check still evaluate, first listed winning).
 */
export function overlappingRules(rules: StayRule[]): { first: string; second: string; on: string } | null {
  for (const [i, a] of rules.entries()) {
    for (const b of rules.slice(i + 1)) {
      const [na, nb, va, vb] = [a.match?.nationalities ?? [], b.match?.nationalities ?? [], a.match?.visaTypes ?? [], b.match?.visaTypes ?? []];
      if (na.length > 0 !== nb.length > 0 || va.length > 0 !== vb.length > 0) continue;
      const nationality = na.length > 0 ? na.find((code) => nb.includes(code)) : null;
      const visaType = va.length > 0 ? va.find((type) => vb.includes(type)) : null;
      if (nationality === undefined || visaType === undefined) continue;
      return { first: a.id, second: b.id, on: [nationality, visaType].filter((part) => part !== null).join(' + ') || 'everyone' };
    }
  }
  return null;
}

function isEmptyMatch(match: RuleMatch | undefined): boolean {
  return !match || ((match.nationalities?.length ?? 0) === 0 && (match.visaTypes?.length ?? 0) === 0);
}

/** The most specific rule: visa type and nationality > visa type > nationality > default; ties go to the first listed. */
export function ruleFor(rules: StayRule[], traveller: { nationality: string; visaType: string | null }): StayRule {
  let best: StayRule | null = null;
  let bestScore = -1;
  for (const rule of rules) {
    const nationalities = rule.match?.nationalities ?? [];
    const visaTypes = rule.match?.visaTypes ?? [];
    if (nationalities.length > 0 && !nationalities.includes(traveller.nationality)) continue;
    if (visaTypes.length > 0 && (traveller.visaType === null || !visaTypes.includes(traveller.visaType))) continue;
    const score = (visaTypes.length > 0 ? 2 : 0) + (nationalities.length > 0 ? 1 : 0);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  if (!best) throw new BorderpostError('SERVER_BAD_STAY_RULES', 'no stay rule matches; the rules need a default');
  return best;
}

/**
 * Pairs each exit with the entry before it, whatever the posts (a traveller enters at one post and
 * leaves by another). Only admitted crossings move someone across the border. Two entries in a row
 * mean an exit was not recorded (`entry-without-exit`); an exit with nothing open, an entry not
 * recorded (`exit-without-entry`).
 */
export function matchStays(crossings: StayCrossing[]): Stay[] {
  const admitted = crossings.filter((c) => c.outcome === 'admitted').sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.id.localeCompare(b.id));
  const stays: Stay[] = [];
  let open: StayCrossing | null = null;
  for (const crossing of admitted) {
    if (crossing.direction === 'entry') {
      if (open) stays.push({ entry: open, exit: null, status: 'entry-without-exit' });
      open = crossing;
    } else if (open) {
      stays.push({ entry: open, exit: crossing, status: 'closed' });
      open = null;
    } else {
      stays.push({ entry: null, exit: crossing, status: 'exit-without-entry' });
    }
  }
  if (open) stays.push({ entry: open, exit: null, status: 'open' });
  return stays;
}

export interface StayEvaluation {
  rule: StayRule;
  /** Days of presence counted for the stay being evaluated (entry day to exit day or `asOf`, inclusive). */
  daysInStay: number;
  /** Rolling rules: days present within the window ending on the last day considered. */
  daysInWindow: number | null;
  /** First day of overstay (YYYY-MM-DD) or null. */
  overstaySince: string | null;
  overstayDays: number;
  /** Last day the traveller may still be present without overstaying (null for exempt). */
  allowedUntil: string | null;
}

/**
 * Evaluates the last stay of `stays` (open: up to `asOf`; closed: up to its exit) under the rule for
 * the traveller. For rolling rules every earlier stay within the window counts; stays recorded without
 * an exit (`entry-without-exit`) count only their entry day, since when they ended is unknown.
 */
export function evaluateStay(stays: Stay[], rules: StayRule[], asOf: string): StayEvaluation | null {
  const current = stays[stays.length - 1];
  if (!current?.entry) return null;
  const entry = current.entry;
  const rule = ruleFor(rules, entry);
  const firstDay = dayNumber(entry.decidedAt);
  const lastDay = current.exit ? dayNumber(current.exit.decidedAt) : Math.max(firstDay, dayNumber(asOf));
  const daysInStay = lastDay - firstDay + 1;
  if (rule.kind === 'exempt') return { rule, daysInStay, daysInWindow: null, overstaySince: null, overstayDays: 0, allowedUntil: null };
  if (rule.kind === 'fixed') {
    const allowedUntil = firstDay + rule.maxDays - 1;
    const overstayDays = Math.max(0, lastDay - allowedUntil);
    return { rule, daysInStay, daysInWindow: null, overstaySince: overstayDays > 0 ? dayString(allowedUntil + 1) : null, overstayDays, allowedUntil: dayString(allowedUntil) };
  }
  // Rolling: the set of days present, from earlier stays and this one.
  const present = new Set<number>();
  for (const stay of stays.slice(0, -1)) {
    if (!stay.entry) continue;
    const start = dayNumber(stay.entry.decidedAt);
    const end = stay.exit ? dayNumber(stay.exit.decidedAt) : start;
    // Only days that can fall in a window touching the current stay matter.
    for (let day = Math.max(start, firstDay - rule.windowDays); day <= end; day += 1) present.add(day);
  }
  const countWindow = (day: number): number => {
    let count = 0;
    for (let d = day - rule.windowDays + 1; d <= day; d += 1) if (present.has(d) || (d >= firstDay && d <= day)) count += 1;
    return count;
  };
  // The first day of this stay on which the window holds more than maxDays, and the last legal day
  // if the traveller stays on (days keep accruing; earlier days may leave the window meanwhile).
  let overstaySince: number | null = null;
  let overstayDays = 0;
  for (let day = firstDay; day <= lastDay; day += 1) {
    if (countWindow(day) > rule.maxDays) {
      overstaySince ??= day;
      overstayDays += 1;
    }
  }
  let allowedUntil: number;
  if (overstaySince !== null) allowedUntil = overstaySince - 1;
  else {
    allowedUntil = lastDay;
    // Bounded: within windowDays + maxDays the window has turned over completely.
    for (let day = lastDay + 1; day <= lastDay + rule.windowDays + rule.maxDays; day += 1) {
      if (countWindow(day) > rule.maxDays) break;
      allowedUntil = day;
    }
  }
  return {
    rule,
    daysInStay,
    daysInWindow: countWindow(lastDay),
    overstaySince: overstaySince === null ? null : dayString(overstaySince),
    overstayDays,
    allowedUntil: allowedUntil < firstDay ? dayString(firstDay - 1) : dayString(allowedUntil),
  };
}
