/**
 * The configured fingers: status, live quality from the scanner, capture and retry, and a missing finger
 * declared with a reason (two steps: pick the reason, then confirm).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FingerPosition, FingerSlot, MissingFingerReason } from '@borderpost/contract';
import { useLocale } from '../app/services';
import { formatNumber } from '../i18n/format';

export const MISSING_REASONS: MissingFingerReason[] = ['amputated', 'injured', 'unreadable', 'refused', 'device-failure'];

export interface LiveFinger {
  status: 'placed' | 'captured' | 'poor' | 'removed';
  quality: number | null;
}

export interface FingerGridProps {
  slots: FingerSlot[];
  minQuality: number;
  live: Partial<Record<FingerPosition, LiveFinger>>;
  busy: FingerPosition | null;
  onCapture: (position: FingerPosition) => void;
  onDeclareMissing: (position: FingerPosition, reason: MissingFingerReason) => void;
}

/** The next finger to capture: the first still pending. */
export function nextPendingFinger(slots: FingerSlot[]): FingerPosition | null {
  return slots.find((slot) => slot.status === 'pending')?.position ?? null;
}

function FingerCard({ slot, minQuality, live, busy, onCapture, onDeclareMissing }: { slot: FingerSlot } & Omit<FingerGridProps, 'slots' | 'live'> & { live: LiveFinger | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [declaring, setDeclaring] = useState(false);
  const [reason, setReason] = useState<MissingFingerReason | ''>('');
  const name = t(`fingers.${slot.position}`);
  const quality = live?.quality ?? slot.quality;
  const poor = slot.status === 'pending' && slot.attempts > 0;
  const scanning = busy === slot.position;
  const statusText = scanning
    ? t('fingerGrid.scanning')
    : slot.status === 'captured'
      ? t('fingerGrid.captured')
      : slot.status === 'missing'
        ? t('fingerGrid.missing', { reason: t(`missingReasons.${slot.missingReason ?? 'unreadable'}`) })
        : poor
          ? t('fingerGrid.poor')
          : t('fingerGrid.pending');
  return (
    <li className={`finger finger--${scanning ? 'scanning' : poor ? 'poor' : slot.status}`} data-position={slot.position} data-status={slot.status} data-attempts={slot.attempts}>
      <h4 className="finger__name">{name}</h4>
      <p className="finger__status">{statusText}</p>
      <div className="finger__quality">
        <span>{t('fingerGrid.quality')}</span>{' '}
        <meter min={0} max={100} low={minQuality} optimum={90} value={quality ?? 0} aria-label={t('fingerGrid.qualityOf', { finger: name })} />{' '}
        <output data-testid={`quality-${slot.position}`}>{quality === null ? '—' : formatNumber(quality, locale)}</output>
      </div>
      {slot.attempts > 0 ? <p className="hint">{t('fingerGrid.attempts', { count: slot.attempts, formatted: formatNumber(slot.attempts, locale) })}</p> : null}
      {slot.status !== 'missing' ? (
        <button type="button" className="button button--small" onClick={() => onCapture(slot.position)} disabled={busy !== null} aria-label={t(slot.attempts > 0 ? 'fingerGrid.retryFinger' : 'fingerGrid.captureFinger', { finger: name })}>
          {t(slot.attempts > 0 ? 'fingerGrid.retry' : 'fingerGrid.capture')}
        </button>
      ) : null}
      {slot.status === 'pending' && !declaring ? (
        <button type="button" className="button button--small button--quiet" onClick={() => setDeclaring(true)} disabled={busy !== null} aria-label={t('fingerGrid.declareMissingFinger', { finger: name })}>
          {t('fingerGrid.declareMissing')}
        </button>
      ) : null}
      {declaring ? (
        <fieldset className="finger__missing">
          <legend>{t('fingerGrid.reasonFor', { finger: name })}</legend>
          <select value={reason} onChange={(event) => setReason(event.target.value as MissingFingerReason | '')} aria-label={t('fingerGrid.reasonFor', { finger: name })} autoFocus>
            <option value="">{t('fingerGrid.chooseReason')}</option>
            {MISSING_REASONS.map((code) => (
              <option key={code} value={code}>
                {t(`missingReasons.${code}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            disabled={reason === ''}
            onClick={() => {
              if (reason === '') return;
              onDeclareMissing(slot.position, reason);
              setDeclaring(false);
            }}
          >
            {t('fingerGrid.confirmMissing')}
          </button>
          <button type="button" className="button button--small button--quiet" onClick={() => setDeclaring(false)}>
            {t('common.back')}
          </button>
        </fieldset>
      ) : null}
    </li>
  );
}

export function FingerGrid(props: FingerGridProps) {
  const { t } = useTranslation();
  if (props.slots.length === 0) return <p className="hint">{t('fingerGrid.noneRequired')}</p>;
  const done = props.slots.filter((slot) => slot.status !== 'pending').length;
  return (
    <div className="finger-grid">
      <p className="hint" aria-live="polite">
        {t('fingerGrid.progress', { done, total: props.slots.length })}
      </p>
      <ul className="finger-grid__list">
        {props.slots.map((slot) => (
          <FingerCard key={slot.position} slot={slot} minQuality={props.minQuality} live={props.live[slot.position]} busy={props.busy} onCapture={props.onCapture} onDeclareMissing={props.onDeclareMissing} />
        ))}
      </ul>
    </div>
  );
}
