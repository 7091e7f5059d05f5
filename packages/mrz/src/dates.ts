/**
 * YYMMDD → YYYY-MM-DD with an explicit century rule (ICAO 9303 does not define one):
 *
 * - birth date: the latest year ending in YY whose date is not after `today` (a person is never born
 *   in the future; the cost is that people over 100 read as infants — no MRZ can tell them apart);
 * - expiry date: the year ending in YY inside the window [today's year - 69, today's year + 30]
 *   (documents are valid at most ~10 years ahead; a 19xx expiry only means long expired).
 *
 * A date whose month or day is not a real calendar date (Feb 31, day 41) is rejected.
 */
export type DateKind = 'birth' | 'expiry';

export type DateOutcome =
  | { ok: true; iso: string }
  | { ok: false; partial: boolean; reason: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Year for a two-digit birth year: the latest one whose date (month/day, or Jan 1 when unknown) is not after today. */
export function birthYear(yy: number, month: number, day: number, today: Date): number {
  const ty = today.getUTCFullYear();
  let year = ty - ((((ty - yy) % 100) + 100) % 100);
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  if (year === ty && (month > tm || (month === tm && day > td))) year -= 100;
  return year;
}

/** Year for a two-digit expiry year: the one in [today - 69, today + 30]. */
export function expiryYear(yy: number, today: Date): number {
  const low = today.getUTCFullYear() - 69;
  return low + ((((yy - low) % 100) + 100) % 100);
}

/** Parses a 6-character YYMMDD field (already known to be the right length). */
export function parseMrzDate(raw: string, kind: DateKind, today: Date): DateOutcome {
  const yy = twoDigits(raw, 0);
  const mm = twoDigits(raw, 2);
  const dd = twoDigits(raw, 4);
  if (yy < 0 || mm < 0 || dd < 0) {
    // ICAO allows '<' for an unknown month/day, or the whole date, of birth (some refugees and
    // stateless persons).
    if (kind === 'birth' && raw === '<<<<<<') return { ok: false, partial: true, reason: 'birth date unknown (all fillers)' };
    if (kind === 'birth' && yy >= 0 && raw.charCodeAt(4) === 60 && raw.charCodeAt(5) === 60 && (mm >= 1 || raw.slice(2, 4) === '<<') && mm <= 12) {
      return { ok: false, partial: true, reason: `birth date ${raw} has an unknown ${mm < 0 ? 'month and day' : 'day'}` };
    }
    return { ok: false, partial: false, reason: `"${raw}" is not a YYMMDD date` };
  }
  if (mm < 1 || mm > 12) return { ok: false, partial: false, reason: `"${raw}": month ${mm} does not exist` };
  const year = kind === 'birth' ? birthYear(yy, mm, dd, today) : expiryYear(yy, today);
  if (dd < 1 || dd > daysInMonth(year, mm)) {
    return { ok: false, partial: false, reason: `"${raw}": ${year}-${pad2(mm)} has no day ${dd}` };
  }
  return { ok: true, iso: `${year}-${pad2(mm)}-${pad2(dd)}` };
}

/** YYYY-MM-DD → YYMMDD, validating the calendar date; null when it is not one. */
export function toMrzDate(iso: string): string | null {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}
