/**
 * A crossing's record (opened from today's work or the secondary queue). A referred crossing opens for
 * secondary inspection: notes, then a final decision (admitted, or refused with a reason).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrossingView, DecisionOutcome } from '@borderpost/contract';
import { useClient, useErrorText, useLocale } from '../app/services';
import { formatDate, formatDateTime } from '../i18n/format';
import { RefusalReasonField } from '../components/DecisionForm';

export function RecordView({ crossingId, reasonCodes, onPrint, onBack }: { crossingId: string; reasonCodes: string[]; onPrint: (crossingId: string) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const [view, setView] = useState<CrossingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Exclude<DecisionOutcome, 'referred'> | ''>('');
  const [reasonCode, setReasonCode] = useState('');

  const load = useCallback(async () => {
    const result = await client['crossing.get']({ crossingId });
    if (result.ok) setView(result.value);
    else setError(errorText(result.error));
  }, [client, crossingId, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  // Once loaded, focus lands on the record (or on the note field, which focuses itself when inspecting).
  const loaded = view !== null;
  useEffect(() => {
    const page = window.document; // `document` below is the travel document
    if (loaded && (page.activeElement === page.body || page.activeElement === null)) page.getElementById(`${id}-title`)?.focus();
  }, [loaded, id]);

  if (!view) return <p className="hint">{error ?? t('common.loading')}</p>;
  const { summary, document, decision, travel } = view;
  const inSecondary = decision.outcome === 'referred';

  return (
    <section className="panel record" aria-labelledby={`${id}-title`} data-testid="record">
      <h2 id={`${id}-title`} tabIndex={-1}>
        {t('record.title', { name: `${summary.surname}, ${summary.givenNames}` })}
      </h2>
      {error ? (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      ) : null}
      <dl className="document__fields">
        <dt>{t('fields.documentNumber')}</dt>
        <dd dir="ltr">{`${document.fields.issuingState} ${document.fields.documentNumber}`}</dd>
        <dt>{t('fields.birthDate')}</dt>
        <dd>{formatDate(document.fields.birthDate, locale)}</dd>
        <dt>{t('crossings.when')}</dt>
        <dd>{formatDateTime(summary.at, locale)}</dd>
        <dt>{t('decision.direction')}</dt>
        <dd>{t(`direction.${summary.direction}`)}</dd>
        <dt>{t('decision.outcome')}</dt>
        <dd data-testid="record-outcome">{t(`outcomes.${decision.outcome}`)}</dd>
        <dt>{t('decision.purpose')}</dt>
        <dd>{t(`purposes.${travel.purpose}`)}</dd>
        <dt>{t('decision.transport')}</dt>
        <dd>{t(`transports.${travel.transport}`)}</dd>
        <dt>{t('crossings.hits')}</dt>
        <dd>{view.checks.hits.length > 0 ? view.checks.hits.map((hit) => `${hit.listName} (${hit.acknowledged ? t(`hits.acknowledgedAs.${hit.acknowledged}`) : t('traveller.hitOpen')})`).join('; ') : t('crossings.noHits')}</dd>
      </dl>
      <h3>{t('record.notes')}</h3>
      {view.notes.length === 0 ? (
        <p className="hint">{t('record.noNotes')}</p>
      ) : (
        <ul className="notes">
          {view.notes.map((entry) => (
            <li key={entry.noteId} dir="auto">
              <span className="hint">{formatDateTime(entry.at, locale)}</span> {entry.note}
            </li>
          ))}
        </ul>
      )}
      {inSecondary ? (
        <form
          className="secondary-form"
          data-testid="secondary-form"
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            if (note.trim()) {
              const added = await client['secondary.addNote']({ crossingId, note });
              if (!added.ok) return setError(errorText(added.error));
              setNote('');
            }
            if (outcome === '') return void load();
            const decided = await client['secondary.decide']({ crossingId, decision: { outcome, ...(outcome === 'refused' ? { reasonCode } : {}) } });
            if (decided.ok) setView(decided.value);
            else setError(errorText(decided.error));
          }}
        >
          <h3>{t('secondary.title')}</h3>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('secondary.note')}</label>
            <textarea id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} rows={3} dir="auto" autoFocus />
          </div>
          <fieldset className="radio-row">
            <legend>{t('secondary.finalDecision')}</legend>
            <label>
              <input type="radio" name={`${id}-final`} checked={outcome === ''} onChange={() => setOutcome('')} />
              {t('secondary.notYet')}
            </label>
            {(['admitted', 'refused'] as const).map((value) => (
              <label key={value}>
                <input type="radio" name={`${id}-final`} checked={outcome === value} onChange={() => setOutcome(value)} data-testid={`final-${value}`} />
                {t(`outcomes.${value}`)}
              </label>
            ))}
          </fieldset>
          {outcome === 'refused' ? <RefusalReasonField id={`${id}-reason`} value={reasonCode} reasonCodes={reasonCodes} onChange={setReasonCode} /> : null}
          <button type="submit" className="button button--primary" disabled={outcome === 'refused' && reasonCode === ''} data-testid="secondary-save">
            {t('secondary.save')}
          </button>
        </form>
      ) : null}
      <div className="row">
        <button type="button" className="button" onClick={() => onPrint(crossingId)}>
          {t('traveller.printAck')}
        </button>
        <button type="button" className="button button--quiet" onClick={onBack}>
          {t('common.back')}
        </button>
      </div>
    </section>
  );
}
