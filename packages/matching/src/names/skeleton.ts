/**
 * A consonant skeleton tuned for Arabic and West-African names in Latin script. Short vowels are not
 * written in Arabic, so vowels carry little identity across transliterations (MOHAMED / MUHAMMAD);
 * French and English colonial spellings differ by regular rewrites (DJ/DI→J, OU→W/U, C→K, CH/SH,
 * final -EH), which Double Metaphone only partly knows (matching.md §5). Input: A–Z only.
 */
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U', 'Y', 'W']);

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}

/** Rewrites applied left to right; the longest rule at a position wins. */
function rewrite(token: string): string {
  let out = '';
  let i = 0;
  const n = token.length;
  while (i < n) {
    const c = token[i]!;
    const next = token[i + 1];
    const after = token[i + 2];
    const atStartOrAfterN = i === 0 || token[i - 1] === 'N';
    if (c === 'D' && next === 'J') { out += 'J'; i += 2; continue; }
    // DIALLO→JALLO, NDIAYE→NJAYE, DIOP→JOP: Francophone DI+vowel is the Anglophone J.
    if (c === 'D' && next === 'I' && isVowel(after) && atStartOrAfterN) { out += 'J'; i += 2; continue; }
    if (c === 'T' && next === 'C' && token[i + 2] === 'H') { out += 'C'; i += 3; continue; }
    if (c === 'S' && next === 'C' && after === 'H') { out += 'S'; i += 3; continue; }
    if ((c === 'C' || c === 'S') && next === 'H') { out += 'S'; i += 2; continue; }
    if (c === 'Z' && next === 'H') { out += 'J'; i += 2; continue; }
    if (c === 'P' && next === 'H') { out += 'F'; i += 2; continue; }
    if ((c === 'T' || c === 'D' || c === 'K' || c === 'G') && next === 'H') { out += c; i += 2; continue; }
    if (c === 'G' && next === 'U' && isVowel(after)) { out += 'G'; i += 2; continue; }
    if (c === 'C' && next === 'K') { out += 'K'; i += 2; continue; }
    if (c === 'C') { out += next === 'E' || next === 'I' || next === 'Y' ? 'S' : 'K'; i += 1; continue; }
    if (c === 'Q') { out += 'K'; i += 1; continue; }
    if (c === 'X') { out += 'KS'; i += 1; continue; }
    if (c === 'Z') { out += 'S'; i += 1; continue; }
    // A final H after a vowel only marks the vowel (KONATEH, JAMMEH, FOFANAH).
    if (c === 'H' && i === n - 1 && isVowel(token[i - 1])) { i += 1; continue; }
    out += c;
    i += 1;
  }
  return out;
}

export function consonantSkeleton(token: string): string {
  const rewritten = rewrite(token);
  let skeleton = '';
  let previous = '';
  for (const ch of rewritten) {
    if (ch === previous) continue; // doubled letters: HASSAN = HASAN
    previous = ch;
    if (!isVowel(ch)) skeleton += ch;
  }
  // Vowel-heavy short names (ISSA, ALI, AWA) would all collapse to one letter: keep the vowel
  // positions as a marker so ISSA (ASA) and SOW (SA) stay apart.
  if (skeleton.length <= 1) {
    let shape = '';
    let last = '';
    for (const ch of rewritten) {
      const mark = isVowel(ch) ? 'A' : ch;
      if (mark !== last) shape += mark;
      last = mark;
    }
    return shape;
  }
  return skeleton;
}
