/**
 * Typing the MRZ by hand, with live per-field check digits and the engine's proposed corrections. The
 * runtime repeats the check on submit (it is the authority); this is feedback while typing.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mrzFeedback } from './mrz-feedback';

export interface MrzEntryProps {
  onSubmit: (lines: string[]) => void;
  busy?: boolean;
  today?: Date;
}

export function MrzEntry({ onSubmit, busy = false, today }: MrzEntryProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const feedback = useMemo(() => mrzFeedback(text, today), [text, today]);
  const id = useId();
  const canSubmit = feedback.format !== null && !busy;
  return (
    <form
      className="mrz-entry"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSubmit) onSubmit(feedback.lines);
      }}
    >
      <label htmlFor={id}>{t('mrz.label')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('mrz.hint')}
      </p>
      <textarea
        id={id}
        className="mrz-entry__text"
        dir="ltr"
        rows={3}
        wrap="off"
        spellCheck={false}
        autoCapitalize="characters"
        autoComplete="off"
        value={text}
        aria-describedby={`${id}-hint ${id}-checks`}
        data-testid="mrz-textarea"
        onChange={(event) => setText(event.target.value)}
      />
      <div id={`${id}-checks`} aria-live="polite">
        {feedback.format === null ? (
          text.trim() !== '' ? <p className="hint">{t('mrz.noFormat')}</p> : null
        ) : (
          <>
            <p className="hint">{t('mrz.format', { format: feedback.format })}</p>
            <ul className="checks" aria-label={t('mrz.checksLabel')}>
              {feedback.checks.map((check) => (
                <li key={check.field} className={check.ok ? 'check check--ok' : 'check check--bad'} data-field={check.field} data-ok={check.ok}>
                  <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> {t(`fields.${check.field}`)}{' '}
                  <span className="visually-hidden">{check.ok ? t('mrz.checkOk') : t('mrz.checkFailed')}</span>
                </li>
              ))}
            </ul>
            {feedback.errors.map((code) => (
              <p key={code} className="warning-text">
                {t(`mrz.errors.${code}`, { defaultValue: t('mrz.errors.other', { code }) })}
              </p>
            ))}
            {feedback.proposed.length > 0 ? (
              <div className="proposed" data-testid="mrz-proposed">
                <p>{t('mrz.proposed')}</p>
                <ul>
                  {feedback.proposed.map((correction) => (
                    <li key={`${correction.line}:${correction.column}`}>
                      {t('corrections.item', { field: t(`fields.${correction.field}`, { defaultValue: correction.field }), from: correction.from, to: correction.to, line: correction.line, column: correction.column })}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
      </div>
      <button type="submit" className="button" disabled={!canSubmit}>
        {t('mrz.submit')}
      </button>
    </form>
  );
}
