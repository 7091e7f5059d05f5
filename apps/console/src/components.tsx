import i18next from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/**
 * An error for the user: in the console language when the code is known (with the server's stable code,
 * which a supervisor can quote to support), else the code and the server's English message. A request that
 * never reached the server is CONSOLE_NETWORK (api.ts).
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return i18next.exists(`errors.${error.code}`) ? `${i18next.t(`errors.${error.code}`)} (${error.code})` : `${error.code}: ${error.message}`;
  return String(error);
}

/** A decision needs a note: the button stays disabled until one is written. */
export function Decide({ label, onDecide, testId }: { label: string; onDecide: (note: string) => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // A form, so Enter in the note records the decision as the button does.
  return (
    <form
      className="decide"
      onSubmit={async (e) => {
        e.preventDefault();
        if (busy || note.trim().length === 0) return;
        setBusy(true);
        setError('');
        try {
          await onDecide(note.trim());
          setNote('');
        } catch (err) {
          setError(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <input aria-label={t('note')} placeholder={t('notePrompt')} value={note} onChange={(e) => setNote(e.target.value)} data-testid={`${testId}-note`} />
      <button type="submit" disabled={busy || note.trim().length === 0} data-testid={testId}>
        {label}
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

/** `loading`: the rows have not arrived yet — said so, rather than the empty message (a queue is not empty until it is known). */
export function Table({ head, rows, empty, testId, loading = false }: { head: ReactNode[]; rows: ReactNode[][]; empty?: string; testId?: string; loading?: boolean }) {
  if (loading && rows.length === 0) return <p className="empty" data-testid={testId ? `${testId}-loading` : undefined}>{i18next.t('loading')}</p>;
  if (rows.length === 0 && empty) return <p className="empty">{empty}</p>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>{head.map((h, i) => <th key={i}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>{row.map((cell, j) => <td key={j}>{cell}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

/** An instant as central stores it, in UTC and saying so (posts sit in several time zones). */
export const when = (iso: string | null | undefined) => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '—');
