/**
 * OCR confusions used by check-digit repair (symmetric). Pairs inside the same check-digit class
 * (value mod 10: 1/L, 6/G, `<`/K, …) are still listed because type masks catch them in numeric
 * positions (a G in a date), although no check digit can tell them apart in alphanumeric fields.
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['0', 'O'], ['0', 'Q'], ['0', 'D'], ['O', 'Q'], ['O', 'D'],
  ['1', 'I'], ['1', 'L'], ['I', 'L'],
  ['2', 'Z'], ['4', 'A'], ['5', 'S'], ['6', 'G'], ['7', 'T'], ['8', 'B'], ['M', 'H'],
];

/** For each char code (< 128): the codes it may have been misread from. */
export const CONFUSABLE: ReadonlyArray<readonly number[]> = (() => {
  const table: number[][] = Array.from({ length: 128 }, () => []);
  for (const [a, b] of PAIRS) {
    (table[a.charCodeAt(0)] as number[]).push(b.charCodeAt(0));
    (table[b.charCodeAt(0)] as number[]).push(a.charCodeAt(0));
  }
  return table;
})();

export function confusablesOf(code: number): readonly number[] {
  return code < 128 ? (CONFUSABLE[code] as number[]) : [];
}

/** Every confusion pair, for tests and generators. */
export const CONFUSION_PAIRS = PAIRS;
