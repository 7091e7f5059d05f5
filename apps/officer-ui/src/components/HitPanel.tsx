/**
 * Alert-list hits: impossible to miss (red, a sound, focus taken) and impossible to dismiss by accident.
 * It is a modal alert dialog that Escape does not close and a click outside does not reach; each hit
 * needs an explicit outcome and then a separate confirmation, and the confirmation step starts with
 * focus on its text, so a stray Enter (or two) changes nothing.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertHitView, HitOutcome } from '@borderpost/contract';
import { useLocale } from '../app/services';
import { formatPercent } from '../i18n/format';
import { beep } from './beep';
import { HitReasons } from './HitReasons';

export interface HitPanelProps {
  hits: AlertHitView[];
  onAcknowledge: (hit: AlertHitView, outcome: HitOutcome, note: string) => Promise<void> | void;
  playSound?: () => void;
}

const OUTCOMES: HitOutcome[] = ['referred', 'confirmed', 'dismissed'];

function hitKey(hit: AlertHitView): string {
  return `${hit.listId}/${hit.entryId}`;
}

export function HitPanel({ hits, onAcknowledge, playSound = beep }: HitPanelProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const open = hits.filter((hit) => hit.acknowledged === null);
  const current = open[0] ?? null;
  const [chosen, setChosen] = useState<HitOutcome | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const currentKey = current ? hitKey(current) : null;

  // A new hit on screen: sound and focus, every time.
  useEffect(() => {
    if (!currentKey) return;
    setChosen(null);
    setNote('');
    playSound();
    headingRef.current?.focus();
  }, [currentKey, playSound]);

  useEffect(() => {
    if (chosen) confirmRef.current?.focus();
  }, [chosen]);

  if (!current) return null;

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      // Never closes: an acknowledgement is a decision, not a dismissal.
      event.preventDefault();
      event.stopPropagation();
    }
    if (event.key === 'Tab' && dialogRef.current) {
      // Keep focus inside the dialog until the hit is acknowledged.
      const focusable = Array.from(dialogRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), textarea, [tabindex="0"]'));
      if (focusable.length === 0) return;
      const first = focusable[0]!;
      const last = focusable[focusable.length - 1]!;
      if (event.shiftKey && (document.activeElement === first || !dialogRef.current.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  const confirm = async () => {
    if (!chosen) return;
    setSaving(true);
    try {
      await onAcknowledge(current, chosen, note.trim());
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hit-overlay" data-testid="hit-panel">
      <div ref={dialogRef} className="hit-panel" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-reason`} onKeyDown={onKeyDown}>
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="hit-panel__title">
          <span aria-hidden="true">⚠ </span>
          {t('hits.title', { count: open.length })}
        </h2>
        <dl className="hit-panel__facts">
          <dt>{t('hits.list')}</dt>
          <dd>{current.listName}</dd>
          <dt>{t('hits.score')}</dt>
          <dd data-testid="hit-score">{formatPercent(current.score, locale)}</dd>
          <dt>{t('hits.kind')}</dt>
          <dd>{t(`hits.kinds.${current.kind}`)}</dd>
          <dt>{t('hits.why')}</dt>
          <dd>
            <HitReasons reasons={current.reasons} explanation={current.explanation} />
          </dd>
          <dt>{t('hits.reason')}</dt>
          <dd id={`${id}-reason`} dir="auto">
            {current.reason}
          </dd>
          <dt>{t('hits.instruction')}</dt>
          <dd dir="auto" className="hit-panel__instruction">
            {current.instruction}
          </dd>
        </dl>
        {chosen === null ? (
          <div className="hit-panel__actions" role="group" aria-label={t('hits.chooseOutcome')}>
            {OUTCOMES.map((outcome) => (
              <button key={outcome} type="button" className={`button ${outcome === 'referred' ? 'button--danger' : ''}`} onClick={() => setChosen(outcome)} data-outcome={outcome}>
                {t(`hits.outcomes.${outcome}`)}
              </button>
            ))}
          </div>
        ) : (
          <div className="hit-panel__confirm">
            <p ref={confirmRef} tabIndex={-1} className="hit-panel__confirm-text">
              {t('hits.confirmQuestion', { outcome: t(`hits.outcomes.${chosen}`) })}
            </p>
            <label htmlFor={`${id}-note`}>{t('hits.note')}</label>
            <textarea id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} rows={2} />
            <div className="hit-panel__actions">
              <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={saving} data-testid="hit-confirm">
                {t('hits.confirm', { outcome: t(`hits.outcomes.${chosen}`) })}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setChosen(null)} disabled={saving}>
                {t('common.back')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
