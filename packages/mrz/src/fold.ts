/**
 * Confusion-folded key for document numbers (alert-list lookups): every character that OCR confuses
 * maps to one representative, so a hit survives misreads that no check digit can catch (G/6, S/8, `<`/0
 * are invisible to the 7-3-1 check digit). Fillers are dropped.
 */
const FOLD = new Map<string, string>([
  ['O', '0'], ['Q', '0'], ['D', '0'],
  ['I', '1'], ['L', '1'],
  ['Z', '2'], ['S', '5'], ['G', '6'], ['B', '8'],
]);

export function foldDocumentNumber(value: string): string {
  let out = '';
  for (const raw of value.toUpperCase()) {
    if (raw === '<' || raw === ' ' || raw === '-') continue;
    out += FOLD.get(raw) ?? raw;
  }
  return out;
}
