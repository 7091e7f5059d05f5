/**
 * Name field (ICAO 9303 Part 3 §4.6): primary identifier, `<<`, secondary identifier; components
 * separated by a single `<`. No `<<` means the whole field is the primary identifier; a field starting
 * with `<<` has no primary identifier. A field whose last character is not a filler is full, so the
 * name may have been truncated.
 */
export interface ParsedName {
  surname: string;
  givenNames: string;
  truncated: boolean;
  /** True when the field holds characters other than A-Z and '<' (digits are OCR errors or national codes). */
  unusualCharacters: boolean;
}

/** Filler runs become single spaces; leading and trailing fillers vanish. Copies runs, not characters. */
function humanize(part: string): string {
  let out = '';
  let i = 0;
  const n = part.length;
  while (i < n) {
    while (i < n && part.charCodeAt(i) === 60) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && part.charCodeAt(i) !== 60) i++;
    out = out.length > 0 ? out + ' ' + part.slice(start, i) : part.slice(start, i);
  }
  return out;
}

export function parseName(field: string): ParsedName {
  let unusual = false;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 60)) {
      unusual = true;
      break;
    }
  }
  const truncated = field.length > 0 && field.charCodeAt(field.length - 1) !== 60;
  const separator = field.indexOf('<<');
  if (separator < 0) return { surname: humanize(field), givenNames: '', truncated, unusualCharacters: unusual };
  return {
    surname: humanize(field.slice(0, separator)),
    givenNames: humanize(field.slice(separator + 2)),
    truncated,
    unusualCharacters: unusual,
  };
}
