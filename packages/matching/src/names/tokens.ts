import type { PersonName } from '../types';
import { ABD_PREFIXES, DIN_SUFFIXES, PARTICLES } from './classes';
import { nameClassOf } from './keys';
import type { Normaliser } from './transliterate';

export interface NameToken {
  /** Canonical form for keys and scoring (ABD and -DIN compounds joined, glued articles removed). */
  text: string;
  /** As written after transliteration, for explanations. */
  shown: string;
  /** Particle class (AL, BIN, OULD …) or null for a name part. */
  particle: string | null;
  role: 'surname' | 'given';
}

/**
 * The link inside a one-word ABD compound: ABD + vowel(s) + article L, or + an assimilated article
 * (ABDERRAHMANE: the doubled R), then the name. ABDELAZIZ, ABDULAZIZ → AZIZ; ABDOURAHMANE → RAHMANE.
 */
function stripAbdLink(rest: string): string {
  let r = rest.replace(/^[AEIOU]+/, '');
  if (r.length > 2 && r[0] === 'L') r = r.slice(1);
  else if (r.length > 2 && r[0] === r[1]) r = r.slice(1);
  return r.length > 1 ? r : rest;
}

const DIN_ENDINGS = ['EDDINE', 'EDDIN', 'UDDIN', 'ADDINE', 'ADDIN', 'ALDIN', 'ELDINE', 'ELDIN'];

function joinDinEnding(token: string): string {
  for (const ending of DIN_ENDINGS) {
    if (token.length > ending.length + 1 && token.endsWith(ending)) return token.slice(0, -ending.length) + 'DIN';
  }
  return token;
}

function tokenisePart(raw: string, role: NameToken['role'], normaliser: Normaliser, out: NameToken[]): void {
  const words = normaliser.transliterate(raw).split(' ').filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (ABD_PREFIXES.has(word) && i + 1 < words.length) {
      let j = i + 1;
      while (j < words.length - 1 && PARTICLES[words[j]!] === 'AL') j += 1;
      const target = words[j]!;
      out.push({ text: 'ABD' + target, shown: words.slice(i, j + 1).join(' '), particle: null, role });
      i = j;
      continue;
    }
    if (DIN_SUFFIXES.has(word)) {
      // NUR AL DIN: drop a dangling article, then glue -DIN to the name before it.
      let previous = out[out.length - 1];
      if (previous !== undefined && previous.particle === 'AL' && out.length >= 2) {
        out.pop();
        previous = out[out.length - 1];
      }
      if (previous !== undefined && previous.particle === null && previous.role === role) {
        previous.text = previous.text + 'DIN';
        previous.shown = `${previous.shown} ${word}`;
        continue;
      }
    }
    const particle = PARTICLES[word];
    if (particle !== undefined && words.length + out.length > 1) {
      out.push({ text: particle, shown: word, particle, role });
      continue;
    }
    let text = word;
    if (nameClassOf(word) === undefined) {
      if (word.startsWith('ABD') && word.length > 5) text = 'ABD' + stripAbdLink(word.slice(3));
      else if ((word.startsWith('AL') || word.startsWith('EL')) && word.length >= 6 && nameClassOf(word.slice(2)) !== undefined) text = word.slice(2);
      else text = joinDinEnding(word);
    }
    out.push({ text, shown: word, particle: null, role });
  }
}

// Name parts repeat across a list (surnames above all): tokenise each distinct part once.
const partCache = new WeakMap<Normaliser, Map<string, NameToken[]>>();
const PART_CACHE_LIMIT = 100_000;

function cachedPart(raw: string, role: NameToken['role'], normaliser: Normaliser, out: NameToken[]): void {
  let cache = partCache.get(normaliser);
  if (cache === undefined) {
    cache = new Map();
    partCache.set(normaliser, cache);
  }
  const key = role === 'surname' ? `S${raw}` : `G${raw}`;
  let tokens = cache.get(key);
  if (tokens === undefined) {
    tokens = [];
    tokenisePart(raw, role, normaliser, tokens);
    if (cache.size >= PART_CACHE_LIMIT) cache.clear();
    cache.set(key, tokens);
  }
  for (const t of tokens) out.push({ ...t });
}

/** Splits a list or passport name into tokens; surname first, then given names. */
export function tokeniseName(name: PersonName, normaliser: Normaliser): NameToken[] {
  const out: NameToken[] = [];
  cachedPart(name.surname, 'surname', normaliser, out);
  cachedPart(name.givenNames, 'given', normaliser, out);
  return out;
}
