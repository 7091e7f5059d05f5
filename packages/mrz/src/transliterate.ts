/**
 * ICAO 9303 Part 3 §6 transliteration of names into MRZ characters (A-Z and spaces).
 *
 * - Latin: letters with diacritics lose them, except the table below (Ä → AE, Ö → OE, Ü → UE, Å → AA,
 *   ß → SS, Þ → TH, …), per Doc 9303 Part 3 Table A.
 * - Cyrillic: the 2013 ICAO table (Ж → ZH, Х → KH, Ц → TS, Ю → IU, Я → IA, Ь dropped, …).
 * - Arabic: the systematic, reversible ICAO table (ح → XH, خ → XKH, ة → XTA or XAH at word end, …);
 *   short vowels are not written and a shadda doubles the consonant.
 * - Apostrophes are dropped (D'ARTAGNAN → DARTAGNAN); spaces, hyphens and other punctuation separate
 *   name components (one space in the output); digits and unknown characters are dropped.
 */
const LATIN: Readonly<Record<string, string>> = {
  Ä: 'AE', Å: 'AA', Æ: 'AE', Ö: 'OE', Ø: 'OE', Œ: 'OE', Ü: 'UE', ß: 'SS', ẞ: 'SS', Þ: 'TH', Ĳ: 'IJ',
  Ð: 'D', Đ: 'D', Ł: 'L', Ħ: 'H', Ŧ: 'T', Ŋ: 'N', ı: 'I', ĸ: 'K', Ŀ: 'L', ŉ: 'N', ſ: 'S',
};

const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Е: 'E', Ё: 'E', Ж: 'ZH', З: 'Z', И: 'I', Й: 'I', К: 'K', Л: 'L',
  М: 'M', Н: 'N', О: 'O', П: 'P', Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F', Х: 'KH', Ц: 'TS', Ч: 'CH',
  Ш: 'SH', Щ: 'SHCH', Ъ: 'IE', Ы: 'Y', Ь: '', Э: 'E', Ю: 'IU', Я: 'IA',
  // Other Cyrillic alphabets (Doc 9303 Part 3 Table B).
  Ґ: 'G', Є: 'IE', І: 'I', Ї: 'I', Ў: 'U', Ѓ: 'G', Ђ: 'D', Ѕ: 'DZ', Ј: 'J', Љ: 'LJ', Њ: 'NJ', Ќ: 'K',
  Ћ: 'C', Џ: 'DZ',
};

const ARABIC: Readonly<Record<string, string>> = {
  'ء': 'XE', 'آ': 'XAA', 'أ': 'XAE', 'ؤ': 'U', 'إ': 'I', 'ئ': 'XI', 'ا': 'A', 'ب': 'B', 'ت': 'T',
  'ث': 'XTH', 'ج': 'J', 'ح': 'XH', 'خ': 'XKH', 'د': 'D', 'ذ': 'XDH', 'ر': 'R', 'ز': 'Z', 'س': 'S',
  'ش': 'XSH', 'ص': 'XSS', 'ض': 'XDZ', 'ط': 'XTT', 'ظ': 'XZZ', 'ع': 'E', 'غ': 'G', 'ف': 'F', 'ق': 'Q',
  'ك': 'K', 'ل': 'L', 'م': 'M', 'ن': 'N', 'ه': 'H', 'و': 'W', 'ى': 'XAY', 'ي': 'Y', 'پ': 'P',
};
const TEH_MARBUTA = 'ة';
const SHADDA = 0x0651;
/** Arabic short vowels, tanwin, sukun, superscript alef and tatweel: not written in the MRZ. */
function isArabicSilent(code: number): boolean {
  return (code >= 0x064b && code <= 0x0652 && code !== SHADDA) || code === 0x0670 || code === 0x0640;
}

function isApostrophe(ch: string): boolean {
  return ch === "'" || ch === '’' || ch === 'ʼ' || ch === '‘' || ch === '`' || ch === 'ʻ' || ch === '´';
}

function isArabicLetter(ch: string | undefined): boolean {
  return ch !== undefined && (ARABIC[ch] !== undefined || ch === TEH_MARBUTA);
}

/** One character (already NFC, uppercased when it has case) → MRZ letters, or null for a separator. */
function letterOf(ch: string): string | null {
  const code = ch.charCodeAt(0);
  if (code >= 65 && code <= 90) return ch;
  const mapped = LATIN[ch] ?? CYRILLIC[ch] ?? ARABIC[ch];
  if (mapped !== undefined) return mapped;
  // Letters with diacritics: decompose and keep the base letter (É → E, Ş → S).
  const base = ch.normalize('NFD').charCodeAt(0);
  if (base >= 65 && base <= 90) return String.fromCharCode(base);
  return null;
}

export function transliterate(name: string): string {
  const chars = Array.from(name.normalize('NFC'));
  let out = '';
  let pendingSpace = false;
  let lastLetters = '';
  for (let i = 0; i < chars.length; i++) {
    const raw = chars[i] as string;
    const code = raw.codePointAt(0) as number;
    if (isApostrophe(raw) || isArabicSilent(code)) continue;
    if (code === SHADDA) {
      // Shadda doubles the consonant just written.
      out += lastLetters;
      continue;
    }
    let letters: string | null;
    if (raw === TEH_MARBUTA) {
      letters = isArabicLetter(chars[i + 1]) ? 'XTA' : 'XAH';
    } else {
      const upper = raw.toUpperCase();
      if (upper.length > 1) {
        // ß → SS and ligatures uppercase to several letters.
        letters = Array.from(upper).map((c) => letterOf(c) ?? '').join('');
      } else {
        letters = letterOf(upper);
      }
    }
    if (letters === null) {
      if (/\p{L}/u.test(raw)) continue; // a letter of another script: dropped, not a separator
      pendingSpace = out.length > 0;
      continue;
    }
    if (letters.length === 0) continue;
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += letters;
    lastLetters = letters;
  }
  return out;
}
