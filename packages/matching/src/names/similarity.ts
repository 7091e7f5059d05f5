import { nameClassOf } from './keys';
import { consonantSkeleton } from './skeleton';

/**
 * Confusion-aware edit costs (after rigour's compare_parts, matching.md §1): substitutions between
 * letters that transliterations or OCR swap are cheap, dropping an unwritten vowel or an H is cheap,
 * doubling a letter is nearly free. Everything else costs 1.
 */
const CHEAP_GROUPS = ['AEIOUY', 'OUW', 'UVW', 'IJY', 'CKQG', 'CSZX', 'DT', 'BP', 'FPV', 'MN', 'MH', 'ODQ', 'EF', 'KX', 'LR'];

const defaultSubstitutionCost = new Float64Array(26 * 26).fill(1);
for (let a = 0; a < 26; a += 1) defaultSubstitutionCost[a * 26 + a] = 0;
for (const group of CHEAP_GROUPS) {
  const cost = group === 'AEIOUY' ? 0.3 : group === 'LR' ? 0.6 : 0.4;
  for (const x of group) {
    for (const y of group) {
      if (x === y) continue;
      const index = (x.charCodeAt(0) - 65) * 26 + (y.charCodeAt(0) - 65);
      defaultSubstitutionCost[index] = Math.min(defaultSubstitutionCost[index]!, cost);
    }
  }
}

/**
 * The same costs for names romanised by syllable (Hanyu Pinyin): there a vowel is part of the
 * syllable's identity (LU / LUO / LI / LIU, HONG / HENG are different names), so vowels swap and drop
 * at full cost; consonant and OCR confusions stay cheap.
 */
const VOWELS = 'AEIOUY';
const strictSubstitutionCost = Float64Array.from(defaultSubstitutionCost);
for (const x of VOWELS) for (const y of VOWELS) if (x !== y) strictSubstitutionCost[(x.charCodeAt(0) - 65) * 26 + (y.charCodeAt(0) - 65)] = 1;

const IS_VOWEL_OR_W = new Uint8Array(128);
for (const ch of 'AEIOUYW') IS_VOWEL_OR_W[ch.charCodeAt(0)] = 1;
const H = 'H'.charCodeAt(0);
const W = 'W'.charCodeAt(0);

/** Cost of inserting or deleting each letter of `word`, in context. */
function indelCosts(word: string, out: Float64Array, syllabic: boolean): void {
  const n = word.length;
  for (let i = 0; i < n; i += 1) {
    const c = word.charCodeAt(i);
    if ((i > 0 && word.charCodeAt(i - 1) === c) || (i + 1 < n && word.charCodeAt(i + 1) === c)) out[i] = 0.2; // doubled letter
    else if (c === H) out[i] = 0.3;
    else if (c < 128 && IS_VOWEL_OR_W[c] === 1) out[i] = syllabic && c !== W ? 1 : 0.4;
    else out[i] = 1;
  }
}

const MAX = 48;
const rowA = new Float64Array(MAX + 1);
const rowB = new Float64Array(MAX + 1);
const rowC = new Float64Array(MAX + 1);
const indelA = new Float64Array(MAX);
const indelB = new Float64Array(MAX);

/** Weighted optimal-string-alignment distance between two A–Z words (transposition 0.6). */
export function weightedEditDistance(a: string, b: string, syllabic = false): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la > MAX || lb > MAX) return Math.max(la, lb);
  const substitutionCost = syllabic ? strictSubstitutionCost : defaultSubstitutionCost;
  indelCosts(a, indelA, syllabic);
  indelCosts(b, indelB, syllabic);
  let before = rowA; // row i-2
  let previous = rowB; // row i-1
  let current = rowC;
  previous[0] = 0;
  for (let j = 1; j <= lb; j += 1) previous[j] = previous[j - 1]! + indelB[j - 1]!;
  for (let i = 1; i <= la; i += 1) {
    const ca = a.charCodeAt(i - 1) - 65;
    const deleteA = indelA[i - 1]!;
    current[0] = previous[0]! + deleteA;
    const caPrev = i > 1 ? a.charCodeAt(i - 2) - 65 : -1;
    for (let j = 1; j <= lb; j += 1) {
      const cb = b.charCodeAt(j - 1) - 65;
      const sub = ca === cb ? 0 : ca >= 0 && ca < 26 && cb >= 0 && cb < 26 ? substitutionCost[ca * 26 + cb]! : 1;
      let best = previous[j - 1]! + sub;
      const del = previous[j]! + deleteA;
      if (del < best) best = del;
      const ins = current[j - 1]! + indelB[j - 1]!;
      if (ins < best) best = ins;
      if (j > 1 && caPrev >= 0 && ca !== caPrev && ca === b.charCodeAt(j - 2) - 65 && caPrev === cb) {
        const swap = before[j - 2]! + 0.6;
        if (swap < best) best = swap;
      }
      current[j] = best;
    }
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[lb]!;
}

export type TokenRelation = 'same' | 'variant' | 'phonetic' | 'spelling' | 'initial' | 'truncated' | 'different';

export interface TokenMatch {
  score: number;
  relation: TokenRelation;
}

const NO_MATCH: TokenMatch = { score: 0, relation: 'different' };
/** Below this, two unrelated names merely share letters (KIBA / KEITA): no partial credit. */
const SPELLING_CLIFF = 0.8;
/** The cliff for names romanised by syllable (see strictSubstitutionCost). */
const SYLLABIC_SPELLING_CLIFF = 0.9;

/**
 * Similarity of a traveller token and a list token in [0, 1]. Known names of different classes
 * (HASSAN vs HUSSEIN) never count as variants however close their letters are; below 0.8 the score
 * falls to 0 (a "cliff", as in rigour), so near names do not add up to a match.
 */
export function compareTokens(query: string, listed: string, queryMayBeTruncated = false, syllabic = false): TokenMatch {
  // List tokens repeat a lot (MOHAMED, DIALLO …): remember recent comparisons.
  const key = `${queryMayBeTruncated ? '1' : '0'}${syllabic ? '1' : '0'}${query}|${listed}`;
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const result = compareTokensUncached(query, listed, queryMayBeTruncated, syllabic);
  memo.set(key, result);
  return result;
}

const memo = new Map<string, TokenMatch>();
const MEMO_LIMIT = 200_000;

function compareTokensUncached(query: string, listed: string, queryMayBeTruncated: boolean, syllabic: boolean): TokenMatch {
  if (query === listed) return { score: 1, relation: 'same' };
  const queryClass = nameClassOf(query);
  const listedClass = nameClassOf(listed);
  if (queryClass !== undefined && queryClass === listedClass) return { score: 0.95, relation: 'variant' };
  if (query.length === 1 || listed.length === 1) {
    return query[0] === listed[0] ? { score: 0.8, relation: 'initial' } : NO_MATCH;
  }
  if (queryMayBeTruncated && query.length >= 2 && query.length < listed.length && listed.startsWith(query)) {
    return { score: 0.9, relation: 'truncated' };
  }
  const knownDifferent = queryClass !== undefined && listedClass !== undefined;
  // Cheapest possible cost of the length difference is 0.2 a letter (doubling); a part more than
  // half again as long cannot reach the cliff, skip the alignment.
  const longer = Math.max(query.length, listed.length);
  if (Math.abs(query.length - listed.length) > longer / 2 && consonantSkeleton(query) !== consonantSkeleton(listed)) return NO_MATCH;
  const distance = weightedEditDistance(query, listed, syllabic);
  const editScore = 1 - distance / longer;
  if (knownDifferent) return editScore >= 0.9 ? { score: Math.min(editScore, 0.75), relation: 'spelling' } : NO_MATCH;
  // A shared consonant skeleton says nothing where the vowels make the name (see strictSubstitutionCost).
  if (!syllabic && editScore >= 0.6 && consonantSkeleton(query) === consonantSkeleton(listed)) {
    return { score: Math.max(0.88, Math.min(editScore, 0.95)), relation: 'phonetic' };
  }
  // By syllable, a letter or two apart is another syllable, hence another name, unless it is one cheap
  // (OCR) confusion in a longer part.
  if (editScore < (syllabic ? SYLLABIC_SPELLING_CLIFF : SPELLING_CLIFF)) return NO_MATCH;
  return { score: editScore, relation: 'spelling' };
}
