import { type NameToken, type PreparedTraveller, type ScoreContext, keyHash, tokenKey } from '@borderpost/matching';
import { type TravellerFrequencies, nationalityKey, nationalityPartKey } from './traveller-frequencies';

/**
 * The namesake estimate behind the scorer's common-name penalty (ScoreContext): how many list
 * entries would agree with this traveller BY CHANCE as far as a candidate does.
 *
 * Two refinements over counting name classes on the list:
 * - Spelling. A part spelt exactly as listed (MOUHAMED = MOUHAMED) is rarer than its class
 *   (MOHAMED, MOHAMMED, MUHAMMAD, MOUHAMED …): the listed person shows his own spelling, a namesake
 *   only as often as that spelling occurs. Parts that agree exactly count by their spelling, parts
 *   that agree as variants by the commoner class of the two sides.
 * - The post's travellers. What an alert costs is how many of the post's travellers carry the name,
 *   not how many list entries do: a consolidated list is mostly names of other regions. Once the
 *   post has counted MIN_TRAVELLER_HISTORY travellers (TravellerFrequencies) the shares are theirs,
 *   smoothed towards the list's, and scaled by the list's size so they mean the same thing.
 */

/** Count key of an exact spelling, beside the class and skeleton keys (a prefix no name key has). */
const spellingKey = (text: string): string => `spelling:${text}`;

/** Travellers counted before the estimate follows the post's travellers rather than the list. */
export const MIN_TRAVELLER_HISTORY = 1000;
/**
 * Weight of the list's shares in the travellers' ones, in travellers: a name the post has not seen
 * is rare here, not impossible; and within a nationality the post has seen few of, the list's persons
 * of that nationality tell how its names go (NGUYEN is 4 in 10 VNM entries).
 */
const LIST_PRIOR_TRAVELLERS = 200;

export interface NamesakeCounts {
  /** Persons on all lists. */
  persons(): number;
  /** alert_key_counts: persons counted under a hashed key (a part, a nationality, a pair of them). */
  listCount(hash: number): number;
  history: TravellerFrequencies;
}

interface Shares {
  /** Share of the people carrying the part key. */
  part(key: string): number;
  /** Share of the people with the nationality. */
  nationality(code: string): number;
  /** Share, among the people with the nationality, of those carrying the part key (NaN: not known). */
  partWithin(code: string, key: string): number;
}

function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = f(key);
      cache.set(key, value);
    }
    return value;
  };
}

function listShares(counts: NamesakeCounts, n: number): Shares {
  const persons = memo((code) => counts.listCount(nationalityKey(code)));
  // Other persons carrying the part (the listed person is no namesake of himself; it matters on a
  // short list); one none carries counts as half a person.
  const part = memo((key) => Math.max(counts.listCount(keyHash(key)) - 1, 0.5) / n);
  return {
    part,
    nationality: (code) => Math.min(1, Math.max(persons(code), 0.5) / n),
    partWithin: (code, key) => {
      const nc = persons(code);
      if (nc <= 0) return NaN;
      // The OTHER persons of the nationality carrying the part: the listed person is no namesake of
      // himself, and where a nationality has few persons on the list he would be most of its count
      // (the one ISL person would make every ISL traveller of his name "common"). A part none of them
      // carries counts as half a person, or as the list-wide share would give them when that is less.
      return Math.max(counts.listCount(nationalityPartKey(code, key)) - 1, Math.min(0.5, nc * part(key))) / nc;
    },
  };
}

function travellerShares(counts: NamesakeCounts, n: number, history: number): Shares {
  const list = listShares(counts, n);
  const h = counts.history;
  const part = memo((key) => (h.withPart(key) + LIST_PRIOR_TRAVELLERS * list.part(key)) / (history + LIST_PRIOR_TRAVELLERS));
  const travellers = memo((code) => h.withNationality(code));
  return {
    part,
    nationality: memo((code) => (travellers(code) + LIST_PRIOR_TRAVELLERS * list.nationality(code)) / (history + LIST_PRIOR_TRAVELLERS)),
    partWithin: (code, key) => {
      // The prior: how the list's persons of that nationality are named (NGUYEN is 4 in 10 VNM
      // entries), which the post's few VNM travellers cannot tell yet; else the post-wide share.
      const listed = list.partWithin(code, key);
      const prior = Number.isFinite(listed) ? listed : part(key);
      return (h.withNationalityAndPart(code, key) + LIST_PRIOR_TRAVELLERS * prior) / (travellers(code) + LIST_PRIOR_TRAVELLERS);
    },
  };
}

const nameParts = (tokens: NameToken[]): NameToken[] => tokens.filter((t) => t.particle === null);
const spellingKeys = (tokens: NameToken[]): string[] => nameParts(tokens).map((t) => spellingKey(t.text));
const classKeys = (tokens: NameToken[]): string[] => nameParts(tokens).map((t) => tokenKey(t.text));
const sameSpelling = (a: NameToken[], b: NameToken[]): boolean => a.map((t) => t.text).join(' ') === b.map((t) => t.text).join(' ');

/** The count keys one list name or one traveller adds: class keys and exact spellings. */
export function countKeysOf(tokens: NameToken[]): string[] {
  return [...new Set([...classKeys(tokens), ...spellingKeys(tokens)])];
}

/** The scorer's context for one traveller: namesake estimates for the whole name and per candidate. */
export function namesakeContext(counts: NamesakeCounts, traveller: PreparedTraveller): ScoreContext {
  const persons = counts.persons();
  if (persons === 0) return {};
  const history = counts.history.travellers();
  const shares = history >= MIN_TRAVELLER_HISTORY ? travellerShares(counts, persons, history) : listShares(counts, persons);
  // Shares times the list's size: list entries expected to agree by chance (see the module comment).
  const n = persons;
  const code = traveller.nationality;
  const product = (keys: string[], share: (key: string) => number): number => {
    let p = 1;
    for (const key of new Set(keys)) p *= share(key);
    return p;
  };
  const within = (keys: string[]): number => (code === null ? NaN : product(keys, (key) => shares.partWithin(code, key)));
  /** Namesakes (list-wide, and within the traveller's nationality) of what a candidate matched. */
  const matched = (pairs: { query: NameToken[]; listed: NameToken[] }[], inNationality: boolean): number => {
    let share = 1;
    const seen = new Set<string>();
    for (const pair of pairs) {
      const id = pair.query.map((t) => t.text).join(' ');
      if (seen.has(id) || nameParts(pair.query).length === 0) continue;
      seen.add(id);
      const side = (keys: string[]): number => (inNationality ? within(keys) : product(keys, shares.part));
      // An exact spelling counts as itself; a variant as the commoner class of its two sides.
      share *= sameSpelling(pair.query, pair.listed) ? side(spellingKeys(pair.query)) : Math.max(side(classKeys(pair.query)), side(classKeys(pair.listed)));
    }
    if (!inNationality) return n * share;
    if (code === null || !Number.isFinite(share)) return 0;
    return n * shares.nationality(code) * share;
  };
  // Whole-name floors (the pre-check's upper bound of a score): the traveller's own spellings, every part.
  const whole = spellingKeys(traveller.tokens);
  const wholeWithin = within(whole);
  return {
    expectedNamesakes: whole.length === 0 ? 0 : n * product(whole, shares.part),
    namesakesWithNationality: code === null || whole.length === 0 || !Number.isFinite(wholeWithin) ? 0 : n * shares.nationality(code) * wholeWithin,
    namesakesOf: (pairs) => matched(pairs, false),
    namesakesWithNationalityOf: (pairs) => matched(pairs, true),
    nationalityShare: shares.nationality,
  };
}
