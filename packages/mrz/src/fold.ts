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

/**
 * Check-digit class key: each character replaced by its check-digit value mod 10 (`<`, 0, A, K, U → 0;
 * 1, B, L, V → 1; …; 8, I, S → 8), trailing fillers dropped. Two numbers share this key exactly when
 * they differ only by substitutions no ICAO check digit can detect (S/8, I/8, B/1, G/6, Z/5, O/4, D/3,
 * `<`/0), so an alert-list lookup on it survives every misread that a valid MRZ can still hide. Trailing
 * class-0 characters are dropped: a final 0 misread as the filler is stripped as padding by the parser.
 */
export function checkClassKey(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c >= 48 && c <= 57) out += String.fromCharCode(c);
    else if (c >= 65 && c <= 90) out += String((c - 55) % 10);
    else if (c === 60) out += '0';
  }
  // Class 0 includes the filler, so a last digit misread as '<' (then stripped as padding) still matches.
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 48) end--;
  return out.slice(0, end);
}
