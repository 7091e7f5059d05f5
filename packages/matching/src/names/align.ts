import { type TokenMatch, compareTokens } from './similarity';
import type { NameToken } from './tokens';

export interface AlignedPair {
  query: NameToken[];
  listed: NameToken[];
  match: TokenMatch;
}

export interface NameAlignment {
  score: number;
  pairs: AlignedPair[];
  unmatchedQuery: NameToken[];
  unmatchedListed: NameToken[];
}

/** Penalty weights for name parts left without a partner (asymmetry as in yente logic-v2). */
const UNMATCHED_QUERY_WEIGHT = 0.4;
const UNMATCHED_LISTED_WEIGHT = 0.4;
/** When the MRZ cut the name short, list parts missing at the end are explained by the cut. */
const UNMATCHED_LISTED_WEIGHT_TRUNCATED = 0.15;

function tokenWeight(token: NameToken): number {
  if (token.particle !== null) return 0.2;
  return token.text.length === 1 ? 0.5 : 1;
}

interface Unit {
  indices: number[];
  text: string;
  particle: string | null;
}

/** Single tokens plus adjacent name parts joined (ABDEL AZIZ / ABDELAZIZ, MOHAMED LAMINE / MOHAMEDLAMINE). */
function units(tokens: NameToken[]): Unit[] {
  const out: Unit[] = tokens.map((t, i) => ({ indices: [i], text: t.text, particle: t.particle }));
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.particle === null && b.particle === null && a.role === b.role) {
      out.push({ indices: [i, i + 1], text: a.text + b.text, particle: null });
    }
  }
  return out;
}

interface Candidate {
  q: Unit;
  r: Unit;
  match: TokenMatch;
}

/**
 * Aligns traveller name parts with list name parts regardless of order (name order differs between
 * passports and lists), greedily by best similarity, each part used once; joined neighbours allow
 * merge/split. Score = weighted mean similarity with penalties for parts left over.
 */
export function alignNames(query: NameToken[], listed: NameToken[], queryTruncated = false, syllabic = false): NameAlignment {
  const qUnits = units(query);
  const rUnits = units(listed);
  const lastGiven = query.length - 1;
  const candidates: Candidate[] = [];
  for (const q of qUnits) {
    for (const r of rUnits) {
      if (q.indices.length > 1 && r.indices.length > 1) continue;
      if (q.particle !== null || r.particle !== null) {
        if (q.particle !== null && q.particle === r.particle) candidates.push({ q, r, match: { score: 1, relation: 'same' } });
        continue;
      }
      const joined = q.indices.length > 1 || r.indices.length > 1;
      // A joined pair is only worth comparing against a part of about its length.
      if (joined && Math.abs(q.text.length - r.text.length) > 2) continue;
      const mayBeCut = queryTruncated && q.indices[q.indices.length - 1] === lastGiven;
      const match = compareTokens(q.text, r.text, mayBeCut, syllabic);
      // A joined pair must really be the same name written as one word, not a loose likeness.
      if (match.score > (joined ? 0.85 : 0)) candidates.push({ q, r, match });
    }
  }
  candidates.sort((a, b) => b.match.score - a.match.score || b.q.indices.length + b.r.indices.length - (a.q.indices.length + a.r.indices.length));
  const usedQ = new Array<boolean>(query.length).fill(false);
  const usedR = new Array<boolean>(listed.length).fill(false);
  const pairs: AlignedPair[] = [];
  let numerator = 0;
  let denominator = 0;
  let namePartsMatched = 0;
  for (const c of candidates) {
    if (c.q.indices.some((i) => usedQ[i]) || c.r.indices.some((i) => usedR[i])) continue;
    for (const i of c.q.indices) usedQ[i] = true;
    for (const i of c.r.indices) usedR[i] = true;
    const qTokens = c.q.indices.map((i) => query[i]!);
    const rTokens = c.r.indices.map((i) => listed[i]!);
    const weight = Math.max(
      qTokens.reduce((sum, t) => sum + tokenWeight(t), 0),
      rTokens.reduce((sum, t) => sum + tokenWeight(t), 0),
    );
    numerator += c.match.score * weight;
    denominator += weight;
    if (c.q.particle === null) namePartsMatched += 1;
    pairs.push({ query: qTokens, listed: rTokens, match: c.match });
  }
  const unmatchedQuery = query.filter((_, i) => !usedQ[i]);
  const unmatchedListed = listed.filter((_, i) => !usedR[i]);
  for (const t of unmatchedQuery) denominator += UNMATCHED_QUERY_WEIGHT * tokenWeight(t);
  const listedPenalty = queryTruncated ? UNMATCHED_LISTED_WEIGHT_TRUNCATED : UNMATCHED_LISTED_WEIGHT;
  for (const t of unmatchedListed) denominator += listedPenalty * tokenWeight(t);
  const score = namePartsMatched === 0 || denominator === 0 ? 0 : numerator / denominator;
  // Keep the traveller's order in explanations.
  pairs.sort((a, b) => query.indexOf(a.query[0]!) - query.indexOf(b.query[0]!));
  return { score, pairs, unmatchedQuery, unmatchedListed };
}
