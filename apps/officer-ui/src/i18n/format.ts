/** Dates and numbers for the officer's locale, through Intl (Arabic gets Arabic-Indic digits). */
import type { Locale } from '@borderpost/contract';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar' };

export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (`YYYY-MM-DD`, no time zone): formatted in UTC so it never shifts by a day. */
export function formatDate(isoDate: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

export function formatPercent(fraction: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

export function formatBytes(bytes: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'unit', unit: bytes >= 1_000_000 ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(
    bytes >= 1_000_000 ? bytes / 1_000_000 : bytes / 1000,
  );
}

/** A date as alert lists give it: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (formatted in UTC, never shifted). */
export function formatPartialDate(value: string, locale: Locale): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
  if (/^\d{4}$/.test(value)) return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-07-01T00:00:00Z`));
  return value;
}
