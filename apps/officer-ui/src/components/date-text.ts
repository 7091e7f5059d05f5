/**
 * Dates typed as text, day first (DD/MM/YYYY in en-GB, fr and ar alike), because an <input type="date">
 * follows the browser's own locale (mm/dd/yyyy in a US-English Chromium), not the officer's language.
 * Arabic-Indic digits are accepted, and so is ISO YYYY-MM-DD (pasted or from tools).
 */
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;

function asciiDigits(text: string): string {
  return text.replace(ARABIC_INDIC, (digit) => String(digit.charCodeAt(0) & 0xf));
}

function isoIfReal(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' for a real calendar date typed day first (or ISO), otherwise null. */
export function parseTypedDate(text: string): string | null {
  const value = asciiDigits(text.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return isoIfReal(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(value);
  if (dayFirst) return isoIfReal(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return null;
}
