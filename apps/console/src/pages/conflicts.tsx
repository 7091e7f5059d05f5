/**
 * Replication conflicts (issue 9: "both versions side by side, resolved explicitly"): every live
 * version of a conflicted record in columns, field by field, the fields that differ highlighted; the
 * supervisor keeps one version with a required note. The server closes the other branches and records
 * who, when and why; posts pulling the database receive the resolution.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Table, errorText, when } from '../components';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Version {
  rev: string;
  doc: { [key: string]: Json } | null;
}
interface Conflict {
  db: string;
  id: string;
  winningRev: string;
  versions: Version[];
}
interface Resolution {
  subject: string;
  decision: string;
  note: string;
  decidedBy: string;
  decidedAt: string;
}

/** Dotted paths to printable values; arrays of plain values stay on one line (MRZ lines, codes). */
export function flatten(value: Json | undefined, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '[]');
    else if (value.every((item) => item === null || typeof item !== 'object')) out.set(prefix, value.map((item) => String(item)).join(' | '));
    else value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, out));
  } else if (value !== null && typeof value === 'object' && prefix === '_attachments') {
    // One line per attachment (its bytes are the same wherever the digest is): type, size, digest.
    for (const [name, stub] of Object.entries(value)) {
      const { content_type: type, length, digest } = (stub ?? {}) as { content_type?: Json; length?: Json; digest?: Json };
      out.set(`_attachments.${name}`, `${String(type)}, ${String(length)} B, ${String(digest)}`);
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => key !== '_rev' && key !== '_revisions');
    if (keys.length === 0 && prefix) out.set(prefix, '{}');
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(prefix, String(value));
  }
  return out;
}

export function ConflictsPage() {
  const { t } = useTranslation();
  const [data, setData] = useState<{ conflicts: Conflict[]; resolved: Resolution[] } | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const reload = useCallback(() => {
    api<{ conflicts: Conflict[]; resolved: Resolution[] }>('GET', '/conflicts').then(
      (loaded) => {
        setData(loaded);
        setError('');
      },
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(reload, [reload]);
  const key = (c: Conflict) => `${c.db}/${c.id}`;
  const current = data?.conflicts.find((c) => key(c) === open) ?? null;
  return (
    <section>
      <h2>{t('conflicts.title')}</h2>
      <p className="intro">{t('conflicts.intro')}</p>
      {error && <p className="error">{error}</p>}
      {message && (
        <p className="notice" role="status" data-testid="conflict-message">
          {message}
        </p>
      )}
      <Table
        testId="conflicts"
        empty={data ? t('conflicts.none') : undefined}
        head={[t('conflicts.database'), t('conflicts.document'), t('conflicts.versionsHead'), '']}
        rows={(data?.conflicts ?? []).map((c) => [
          c.db,
          <code>{c.id}</code>,
          t('conflicts.versions', { count: c.versions.length }),
          <button data-testid="compare-conflict" onClick={() => setOpen(open === key(c) ? null : key(c))}>
            {open === key(c) ? t('conflicts.close') : t('conflicts.open')}
          </button>,
        ])}
      />
      {current && (
        <Comparison
          conflict={current}
          onResolved={(text) => {
            setOpen(null);
            setMessage(text);
            reload();
          }}
        />
      )}
      <h3>{t('conflicts.resolved')}</h3>
      <Table
        testId="conflict-resolutions"
        head={[t('conflicts.document'), t('conflicts.decision'), t('conflicts.note'), t('conflicts.decidedBy'), t('conflicts.decidedAt')]}
        rows={(data?.resolved ?? []).map((r) => [
          <code>{r.subject}</code>,
          r.decision === 'merged' ? t('conflicts.decisionMerged') : t('conflicts.decisionKept'),
          r.note,
          r.decidedBy,
          when(r.decidedAt),
        ])}
      />
    </section>
  );
}

function Comparison({ conflict, onResolved }: { conflict: Conflict; onResolved: (message: string) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const { paths, columns } = useMemo(() => {
    const columns = conflict.versions.map((v) => flatten(v.doc ?? {}));
    const paths: { path: string; differs: boolean }[] = [];
    const seen = new Set<string>();
    for (const column of columns)
      for (const path of column.keys()) {
        if (seen.has(path)) continue;
        seen.add(path);
        paths.push({ path, differs: new Set(columns.map((c) => c.get(path))).size > 1 });
      }
    return { paths, columns };
  }, [conflict]);
  const differing = paths.filter((p) => p.differs);
  const identical = paths.filter((p) => !p.differs);
  const keep = async (rev: string) => {
    setBusy(true);
    setError('');
    try {
      await api('POST', '/conflicts/resolve', { db: conflict.db, id: conflict.id, keepRev: rev, note: note.trim() });
      onResolved(t('conflicts.kept'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const row = ({ path, differs }: { path: string; differs: boolean }) => (
    <tr key={path} className={differs ? 'differs' : ''} data-testid={differs ? 'differing-field' : undefined}>
      <th scope="row">
        {path}
        {differs && <span className="differs-mark"> ≠ {t('conflicts.differs')}</span>}
      </th>
      {columns.map((column, i) => (
        <td key={i}>{column.get(path) ?? '—'}</td>
      ))}
    </tr>
  );
  return (
    <div className="conflict" data-testid="conflict-comparison">
      <h3>
        <code>{conflict.db}</code> · <code>{conflict.id}</code>
      </h3>
      <p className="differs-summary" data-testid="differs-summary">
        {t('conflicts.differsSummary', { count: differing.length, fields: differing.map((p) => p.path).join(', ') })}
      </p>
      <div className="resolve-bar">
        <label>
          {t('conflicts.note')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('notePrompt')} rows={2} data-testid="conflict-note" />
        </label>
        {conflict.versions.map((v, i) => (
          <button key={v.rev} disabled={busy || note.trim().length === 0} onClick={() => void keep(v.rev)} data-testid={`keep-version-${i + 1}`}>
            {t('conflicts.keep', { n: i + 1 })}
          </button>
        ))}
        {error && <p className="error">{error}</p>}
      </div>
      <label className="inline">
        <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} data-testid="only-differing" />
        {t('conflicts.onlyDiffering')} ({differing.length})
      </label>
      <table className="versions">
        <thead>
          <tr>
            <th>{t('conflicts.field')}</th>
            {conflict.versions.map((v, i) => (
              <th key={v.rev}>
                {t('conflicts.version', { n: i + 1 })} <code className="rev">{v.rev.slice(0, 12)}</code>
                {v.rev === conflict.winningRev && <span className="badge ok">{t('conflicts.current')}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {differing.map(row)}
          {!onlyDiffering && identical.length > 0 && (
            <tr className="same-head">
              <th colSpan={columns.length + 1}>{t('conflicts.identical', { count: identical.length })}</th>
            </tr>
          )}
          {!onlyDiffering && identical.map(row)}
        </tbody>
      </table>
    </div>
  );
}
