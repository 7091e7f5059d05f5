/**
 * The document step: the swipe area (a reader's input arrives through the workflow, never a field), the
 * manual MRZ and manual fields alternatives, and — once read — the fields, their check digits, the
 * warnings and the corrections the engine proposes, which the officer accepts or rejects.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentCheck, ManualDocumentFields } from '@borderpost/contract';
import { useLocale } from '../app/services';
import { formatDate, formatNumber } from '../i18n/format';
import { SHORTCUTS } from '../app/shortcuts';
import { Kbd } from './Kbd';
import { MrzEntry } from './MrzEntry';
import { ManualFields } from './ManualFields';

export type EntryMode = 'swipe' | 'mrz' | 'fields';

export interface DocumentPanelProps {
  document: DocumentCheck | null;
  mode: EntryMode;
  onMode: (mode: EntryMode) => void;
  busy: boolean;
  onTypedMrz: (lines: string[]) => void;
  onManualFields: (fields: ManualDocumentFields) => void;
  onCorrections: (accepted: string[], rejected: string[]) => void;
  onRescan: () => void;
}

function Warnings({ document }: { document: DocumentCheck }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (document.warnings.length === 0) return <p className="ok-text">{t('document.noWarnings')}</p>;
  return (
    <ul className="warnings" aria-label={t('document.warningsLabel')}>
      {document.warnings.map((warning) => {
        let text: string;
        switch (warning.code) {
          case 'DOCUMENT_EXPIRED':
            text = t('document.warnings.expired', { date: formatDate(warning.expiryDate, locale) });
            break;
          case 'DOCUMENT_CHECK_FAILED':
            text = t('document.warnings.checkFailed', { fields: warning.fields.map((field) => t(`fields.${field}`)).join(', ') });
            break;
          case 'DOCUMENT_UNKNOWN_STATE':
            text = t('document.warnings.unknownState', { state: warning.issuingState });
            break;
          case 'DOCUMENT_CORRECTIONS_PENDING':
            text = t('document.warnings.correctionsPending', { count: warning.count, formatted: formatNumber(warning.count, locale) });
            break;
        }
        return (
          <li key={warning.code} className="warning" data-code={warning.code}>
            <span aria-hidden="true">⚠ </span>
            {text}
          </li>
        );
      })}
    </ul>
  );
}

function Corrections({ document, onCorrections, busy }: { document: DocumentCheck; onCorrections: DocumentPanelProps['onCorrections']; busy: boolean }) {
  const { t } = useTranslation();
  const pending = document.corrections.filter((correction) => !document.confirmedCorrectionIds.includes(correction.correctionId));
  if (pending.length === 0) return null;
  const ids = pending.map((correction) => correction.correctionId);
  return (
    <section className="corrections" aria-labelledby="corrections-title" data-testid="corrections">
      <h3 id="corrections-title">{t('corrections.title')}</h3>
      <p>{t('corrections.explain')}</p>
      <ul>
        {pending.map((correction) => (
          <li key={correction.correctionId}>
            {t('corrections.itemShort', { field: t(`fields.${correction.field}`, { defaultValue: correction.field }), from: correction.from, to: correction.to, position: correction.position })}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="button" disabled={busy} onClick={() => onCorrections(ids, [])} data-testid="corrections-accept" autoFocus>
          {t('corrections.accept')}
        </button>
        <button type="button" className="button button--quiet" disabled={busy} onClick={() => onCorrections([], ids)}>
          {t('corrections.reject')}
        </button>
      </div>
    </section>
  );
}

export function DocumentPanel(props: DocumentPanelProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { document } = props;
  const [showMrz, setShowMrz] = useState(false);
  if (document) {
    const f = document.fields;
    return (
      <div className="document" data-testid="document-read">
        <dl className="document__fields">
          <dt>{t('fields.surname')}</dt>
          <dd data-testid="doc-surname">{f.surname}</dd>
          <dt>{t('fields.givenNames')}</dt>
          <dd>{f.givenNames}</dd>
          <dt>{t('fields.documentNumber')}</dt>
          <dd dir="ltr" data-testid="doc-number">
            {f.documentNumber}
          </dd>
          <dt>{t('fields.issuingState')}</dt>
          <dd>{f.issuingState}</dd>
          <dt>{t('fields.nationality')}</dt>
          <dd>{f.nationality}</dd>
          <dt>{t('fields.birthDate')}</dt>
          <dd>{f.birthDate ? formatDate(f.birthDate, locale) : '—'}</dd>
          <dt>{t('fields.sex')}</dt>
          <dd>{t(`sex.${f.sex}`)}</dd>
          <dt>{t('fields.expiryDate')}</dt>
          <dd>{f.expiryDate ? formatDate(f.expiryDate, locale) : '—'}</dd>
        </dl>
        {document.minor ? <p className="notice">{t('document.minor')}</p> : null}
        {document.checkDigits.length > 0 ? (
          <ul className="checks" aria-label={t('mrz.checksLabel')}>
            {document.checkDigits.map((check) => (
              <li key={check.field} className={check.ok ? 'check check--ok' : 'check check--bad'}>
                <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> {t(`fields.${check.field}`)}{' '}
                <span className="visually-hidden">{check.ok ? t('mrz.checkOk') : t('mrz.checkFailed')}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <Warnings document={document} />
        <Corrections document={document} onCorrections={props.onCorrections} busy={props.busy} />
        {document.mrzLines.length > 0 ? (
          <details open={showMrz} onToggle={(event) => setShowMrz((event.target as HTMLDetailsElement).open)}>
            <summary>{t('document.showMrz')}</summary>
            <pre className="mrz-lines" dir="ltr">
              {document.mrzLines.join('\n')}
            </pre>
          </details>
        ) : null}
        <button type="button" className="button button--quiet" onClick={props.onRescan}>
          {t('document.rescan')}
        </button>
      </div>
    );
  }
  return (
    <div className="document document--empty">
      <div className="swipe-zone" data-testid="swipe-zone" tabIndex={-1} id="swipe-zone">
        <span className="swipe-zone__icon" aria-hidden="true">
          ▭
        </span>
        <p className="swipe-zone__text">{t('document.swipe')}</p>
        <p className="hint">{t('document.swipeHint')}</p>
      </div>
      <div className="row" role="group" aria-label={t('document.entryModes')}>
        <button type="button" className="button button--quiet" aria-pressed={props.mode === 'mrz'} onClick={() => props.onMode(props.mode === 'mrz' ? 'swipe' : 'mrz')} aria-keyshortcuts={SHORTCUTS.manualMrz}>
          {t('document.typeMrz')} <Kbd name="manualMrz" />
        </button>
        <button type="button" className="button button--quiet" aria-pressed={props.mode === 'fields'} onClick={() => props.onMode(props.mode === 'fields' ? 'swipe' : 'fields')} aria-keyshortcuts={SHORTCUTS.manualFields}>
          {t('document.typeFields')} <Kbd name="manualFields" />
        </button>
      </div>
      {props.mode === 'mrz' ? <MrzEntry onSubmit={props.onTypedMrz} busy={props.busy} /> : null}
      {props.mode === 'fields' ? <ManualFields onSubmit={props.onManualFields} busy={props.busy} /> : null}
    </div>
  );
}
