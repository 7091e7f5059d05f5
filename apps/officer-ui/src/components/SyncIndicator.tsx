/**
 * The permanent sync state (issue 7: up to date / N waiting / offline since … / error) with "Sync now".
 * A polite live region, so a screen reader hears changes without losing its place.
 */
import { useTranslation } from 'react-i18next';
import type { SyncState } from '@borderpost/sync';
import { useLocale } from '../app/services';
import { formatDateTime, formatNumber, formatTime } from '../i18n/format';
import { Kbd } from './Kbd';
import { SHORTCUTS } from '../app/shortcuts';

export interface SyncIndicatorProps {
  state: SyncState | null;
  onSyncNow: (() => void) | null;
}

export type SyncTone = 'ok' | 'waiting' | 'busy' | 'offline' | 'error' | 'unknown';

export function toneOf(state: SyncState | null): SyncTone {
  if (!state) return 'unknown';
  switch (state.status.kind) {
    case 'up-to-date':
      return state.staleness === 'ok' ? 'ok' : 'waiting';
    case 'waiting':
      return 'waiting';
    case 'syncing':
      return 'busy';
    case 'offline':
      return 'offline';
    case 'error':
      return 'error';
    default:
      return 'unknown';
  }
}

export function SyncIndicator({ state, onSyncNow }: SyncIndicatorProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  let text: string;
  if (!state) text = t('sync.unknown');
  else {
    const status = state.status;
    switch (status.kind) {
      case 'up-to-date':
        text = t('sync.upToDate');
        break;
      case 'waiting':
        text = t('sync.waiting', { count: status.pending, formatted: formatNumber(status.pending, locale) });
        break;
      case 'syncing':
        text = t('sync.syncing');
        break;
      case 'offline':
        text = t('sync.offlineSince', { since: formatDateTime(status.since, locale) });
        break;
      case 'error':
        text = status.needsReEnrolment ? t('sync.needsReEnrolment') : t('sync.error', { code: status.code });
        break;
      default:
        text = t('sync.stopped');
    }
  }
  const tone = toneOf(state);
  const busy = state?.status.kind === 'syncing';
  return (
    <div className={`sync sync--${tone}`} data-testid="sync-indicator" data-tone={tone}>
      <span className="sync__dot" aria-hidden="true" />
      <span role="status" aria-live="polite" className="sync__text">
        {text}
      </span>
      {state?.lastSuccessAt ? <span className="sync__last">{t('sync.lastSuccess', { time: formatTime(state.lastSuccessAt, locale) })}</span> : null}
      {state && state.staleness !== 'ok' ? (
        <strong className={`sync__stale sync__stale--${state.staleness}`} role="alert">
          {t(state.staleness === 'alarm' ? 'sync.staleAlarm' : 'sync.staleWarn')}
        </strong>
      ) : null}
      {onSyncNow ? (
        <button type="button" className="button button--small" onClick={onSyncNow} disabled={busy} aria-keyshortcuts={SHORTCUTS.syncNow}>
          {t('sync.now')} <Kbd name="syncNow" />
        </button>
      ) : null}
    </div>
  );
}
