/**
 * Typing the document's fields when the MRZ cannot be read at all. Each checked field shows the check
 * digit it must carry, computed live, so the officer can compare with the one printed on the document.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDigit } from '@borderpost/mrz';
import type { ManualDocumentFields } from '@borderpost/contract';

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

export function ManualFields({ onSubmit, busy = false }: { onSubmit: (fields: ManualDocumentFields) => void; busy?: boolean }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<ManualDocumentFields>(EMPTY);
  const id = useId();
  const set = (key: keyof ManualDocumentFields) => (event: { target: { value: string } }) => setFields((current) => ({ ...current, [key]: event.target.value }));
  const text = (key: keyof ManualDocumentFields, type = 'text', check?: 'number' | 'date') => {
    const digit = check ? expectedCheckDigit(fields[key], check) : null;
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{t(`fields.${key}`)}</label>
        <input id={`${id}-${key}`} type={type} value={fields[key]} onChange={set(key)} autoComplete="off" dir={type === 'date' ? 'ltr' : undefined} />
        {check ? (
          <span className="hint" data-testid={`check-digit-${key}`}>
            {digit === null ? t('manual.noCheckDigit') : t('manual.checkDigit', { digit })}
          </span>
        ) : null}
      </div>
    );
  };
  return (
    <form
      className="manual-fields"
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) onSubmit(fields);
      }}
    >
      <div className="grid-fields">
        {text('documentNumber', 'text', 'number')}
        {text('issuingState')}
        {text('surname')}
        {text('givenNames')}
        {text('nationality')}
        {text('birthDate', 'date', 'date')}
        {text('expiryDate', 'date', 'date')}
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
