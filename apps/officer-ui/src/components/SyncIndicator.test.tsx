/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import type { SyncState, SyncStatus } from '@borderpost/sync';
import { SyncIndicator, toneOf } from './SyncIndicator';
import { renderWithServices } from '../test-utils';

function state(status: SyncStatus, patch: Partial<SyncState> = {}): SyncState {
  return {
    status,
    online: true,
    pending: 0,
    lastSuccessAt: '2026-11-28T09:05:00Z',
    lastAttemptAt: null,
    nextRunAt: null,
    staleness: 'ok',
    lastRun: null,
    totals: { runs: 0, failures: 0, docsRead: 0, docsWritten: 0, bytes: 0 },
    serverClockOffsetMs: null,
    ...patch,
  };
}

describe('<SyncIndicator>', () => {
  it.each([
    [state({ kind: 'up-to-date' }), 'Up to date', 'ok'],
    [state({ kind: 'waiting', pending: 1 }), '1 record waiting', 'waiting'],
    [state({ kind: 'waiting', pending: 1234 }), '1,234 records waiting', 'waiting'],
    [state({ kind: 'syncing', trigger: 'sync-now', direction: 'push', docsRead: 0, docsWritten: 0, bytes: 0 }), 'Synchronising…', 'busy'],
    [state({ kind: 'offline', since: '2026-11-27T18:30:00Z', lastError: null }), 'Offline since 27 Nov 2026', 'offline'],
    [state({ kind: 'error', code: 'SYNC_HTTP_500', message: 'boom', retrying: true, needsReEnrolment: false }), 'Sync error (SYNC_HTTP_500)', 'error'],
    [state({ kind: 'error', code: 'SYNC_TOKEN_REVOKED', message: 'revoked', retrying: false, needsReEnrolment: true }), 'Sync stopped: this station must be enrolled again', 'error'],
  ])('shows %#: %s', (value, text, tone) => {
    renderWithServices(<SyncIndicator state={value} onSyncNow={() => undefined} />);
    expect(screen.getByRole('status').textContent).toContain(text);
    expect(screen.getByTestId('sync-indicator').getAttribute('data-tone')).toBe(tone);
    expect(toneOf(value)).toBe(tone);
  });

  it('offers Sync now, disabled while a run is under way', () => {
    const onSyncNow = jest.fn();
    const { rerender } = renderWithServices(<SyncIndicator state={state({ kind: 'waiting', pending: 3 })} onSyncNow={onSyncNow} />);
    fireEvent.click(screen.getByRole('button', { name: /Sync now/ }));
    expect(onSyncNow).toHaveBeenCalledTimes(1);
    rerender(<SyncIndicator state={state({ kind: 'syncing', trigger: 'sync-now', direction: 'push', docsRead: 0, docsWritten: 0, bytes: 0 })} onSyncNow={onSyncNow} />);
    expect((screen.getByRole('button', { name: /Sync now/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('warns loudly when the post has not synced for too long', () => {
    renderWithServices(<SyncIndicator state={state({ kind: 'up-to-date' }, { staleness: 'alarm' })} onSyncNow={null} />);
    expect(screen.getByRole('alert').textContent).toContain('NOT SYNCHRONISED FOR DAYS');
  });

  it('formats counts for the locale (Arabic plural forms; digits as Intl gives them for "ar")', () => {
    renderWithServices(<SyncIndicator state={state({ kind: 'waiting', pending: 5 })} onSyncNow={null} />, 'ar');
    expect(screen.getByRole('status').textContent).toBe(`${new Intl.NumberFormat('ar').format(5)} سجلات في الانتظار`);
  });
});
