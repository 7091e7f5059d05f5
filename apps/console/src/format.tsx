/**
 * Numbers, days and times in the console's language (Intl), and a day input that cannot be misread.
 * Days are UTC calendar days, as the server groups them (`sv_crossings.day` is the decision's UTC date),
 * so a day is never shifted by the browser's time zone; times say "UTC".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function formatters(language: string) {
  const numbers = new Intl.NumberFormat(language);
  const decimals = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const scores = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const offsets = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const days = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const longDays = new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const times = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  return {
    /** 1234 → "1,234" / "1 234". */
    count: (value: number | null | undefined) => (value === null || value === undefined ? '—' : numbers.format(value)),
    /** Seconds with one decimal: 12.5 → "12.5" / "12,5". */
    seconds: (value: number | null | undefined) => (value === null || value === undefined ? '—' : decimals.format(value)),
    /** A clock offset in seconds, signed ("+3.8", "−0.4"), and a plain 0.0 when it rounds to nothing (not "-0.0"). */
    offset: (value: number) => offsets.format(value),
    /** A share 0–1 as a percentage: 0.93 → "93%" / "93 %". */
    percent: (value: number) => percents.format(value),
    /** A match score 0–1 with two decimals: 0.93 → "0.93" / "0,93". */
    score: (value: number) => scores.format(value),
    /** "2026-06-01" → "1 Jun 2026" / "1 juin 2026". */
    day: (text: string | null | undefined) => (text && isDay(text) ? days.format(new Date(`${text}T00:00:00Z`)) : (text ?? '—')),
    longDay: (text: string) => longDays.format(new Date(`${text}T00:00:00Z`)),
    /** An ISO instant → "28 Nov 2026, 04:02:10 UTC". */
    time: (iso: string | null | undefined) => {
      const date = iso ? new Date(iso) : null;
      return date && !Number.isNaN(date.getTime()) ? times.format(date) : '—';
    },
  };
}

export function useFormat() {
  const { i18n } = useTranslation();
  return formatters(i18n.language);
}

/**
 * A day typed as YYYY-MM-DD (the browser's date input follows the browser's locale, so 06/01/2026 is
 * read as 1 June by some and 6 January by others). The day it means is said in words beside it, in the
 * console language; `onChange` only receives real days.
 */
export function DayInput({ label, value, onChange, testId, optional = false }: { label: string; value: string; onChange: (day: string) => void; testId?: string; optional?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // A new value from outside (a reset) replaces what is typed.
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const accepted = (candidate: string) => isDay(candidate) || (optional && candidate === '');
  const valid = accepted(text);
  return (
    <label className={valid ? 'day' : 'day invalid'}>
      {label}
      <input
        value={text}
        placeholder={t('format.dayPlaceholder')}
        inputMode="numeric"
        maxLength={10}
        size={11}
        aria-invalid={!valid}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          if (accepted(e.target.value)) {
            setShown(e.target.value);
            onChange(e.target.value);
          }
        }}
      />
      <span className={valid ? 'day-words' : 'field-error'} data-testid={testId ? `${testId}-words` : undefined}>
        {!valid ? t('format.dayInvalid') : text ? format.longDay(text) : t('format.anyDay')}
      </span>
    </label>
  );
}
