/**
 * Typing the document's fields when the MRZ cannot be read at all. Each checked field shows the check
 * digit it must carry, computed live, so the officer can compare with the one printed on the document.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDigit } from '@borderpost/mrz';
import type { ManualDocumentFields } from '@borderpost/contract';
import { parseTypedDate } from './date-text';

const EMPTY: ManualDocumentFields = { documentCode: 'P', issuingState: '', documentNumber: '', surname: '', givenNames: '', nationality: '', birthDate: '', sex: 'X', expiryDate: '' };

/** The check digit a value must carry in an MRZ, or null when it cannot be written there. */
export function expectedCheckDigit(value: string, kind: 'number' | 'date'): string | null {
  const raw = kind === 'date' ? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value.slice(2).replace(/-/g, '') : null) : value.toUpperCase().replace(/\s/g, '');
  if (!raw) return null;
  try {
    return String(checkDigit(raw));
  } catch {
    return null;
  }
}

type DateKey = 'birthDate' | 'expiryDate';

export function ManualFields({ onSubmit, busy = false }: { onSubmit: (fields: ManualDocumentFields) => void; busy?: boolean }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<ManualDocumentFields>(EMPTY);
  // Dates are typed day first as text (see date-text.ts); fields[key] holds the ISO date or ''.
  const [dateText, setDateText] = useState<Record<DateKey, string>>({ birthDate: '', expiryDate: '' });
  const id = useId();
  const set = (key: keyof ManualDocumentFields) => (event: { target: { value: string } }) => setFields((current) => ({ ...current, [key]: event.target.value }));
  const invalidDate = (key: DateKey) => dateText[key].trim() !== '' && parseTypedDate(dateText[key]) === null;
  const text = (key: keyof ManualDocumentFields, check?: 'number') => {
    const digit = check ? expectedCheckDigit(fields[key], check) : null;
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{t(`fields.${key}`)}</label>
        <input id={`${id}-${key}`} type="text" value={fields[key]} onChange={set(key)} autoComplete="off" />
        {check ? (
          <span className="hint" data-testid={`check-digit-${key}`}>
            {digit === null ? t('manual.noCheckDigit') : t('manual.checkDigit', { digit })}
          </span>
        ) : null}
      </div>
    );
  };
  const date = (key: DateKey) => {
    const digit = expectedCheckDigit(fields[key], 'date');
    const invalid = invalidDate(key);
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{t(`fields.${key}`)}</label>
        <input
          id={`${id}-${key}`}
          type="text"
          inputMode="numeric"
          dir="ltr"
          placeholder={t('manual.datePattern')}
          value={dateText[key]}
          aria-invalid={invalid}
          aria-describedby={`${id}-${key}-hint`}
          onChange={(event) => {
            const typed = event.target.value;
            setDateText((current) => ({ ...current, [key]: typed }));
            setFields((current) => ({ ...current, [key]: parseTypedDate(typed) ?? '' }));
          }}
          autoComplete="off"
        />
        <span className="hint" id={`${id}-${key}-hint`} data-testid={`check-digit-${key}`}>
          {invalid ? t('manual.dateInvalid') : digit === null ? t('manual.noCheckDigit') : t('manual.checkDigit', { digit })}
        </span>
      </div>
    );
  };
  return (
    <form
      className="manual-fields"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        const wrong = (['birthDate', 'expiryDate'] as const).find(invalidDate);
        if (wrong) {
          document.getElementById(`${id}-${wrong}`)?.focus();
          return;
        }
        onSubmit(fields);
      }}
    >
      <div className="grid-fields">
        {text('documentNumber', 'number')}
        {text('issuingState')}
        {text('surname')}
        {text('givenNames')}
        {text('nationality')}
        {date('birthDate')}
        {date('expiryDate')}
        <div className="field">
          <label htmlFor={`${id}-sex`}>{t('fields.sex')}</label>
          <select id={`${id}-sex`} value={fields.sex} onChange={(event) => setFields((current) => ({ ...current, sex: event.target.value as ManualDocumentFields['sex'] }))}>
            <option value="F">{t('sex.F')}</option>
            <option value="M">{t('sex.M')}</option>
            <option value="X">{t('sex.X')}</option>
          </select>
        </div>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('manual.submit')}
      </button>
    </form>
  );
}
