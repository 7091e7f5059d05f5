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

type Segment = string | number;
interface Cell {
  text: string;
  /** Where the value sits in the document (a merge copies it from the chosen version). */
  segments: Segment[];
}

/** Dotted paths to printable values; arrays of plain values stay on one line (MRZ lines, codes). */
export function flatten(value: Json | undefined, segments: Segment[] = [], out: Map<string, Cell> = new Map()): Map<string, Cell> {
  const path = segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, { text: '[]', segments });
    else if (value.every((item) => item === null || typeof item !== 'object')) out.set(path, { text: value.map((item) => String(item)).join(' | '), segments });
    else value.forEach((item, index) => flatten(item, [...segments, index], out));
  } else if (value !== null && typeof value === 'object' && path === '_attachments') {
    // One line per attachment (its bytes are the same wherever the digest is): type, size, digest.
    for (const [name, stub] of Object.entries(value)) {
      const { content_type: type, length, digest } = (stub ?? {}) as { content_type?: Json; length?: Json; digest?: Json };
      out.set(`_attachments.${name}`, { text: `${String(type)}, ${String(length)} B, ${String(digest)}`, segments: [...segments, name] });
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => key !== '_rev' && key !== '_revisions');
    if (keys.length === 0 && segments.length > 0) out.set(path, { text: '{}', segments });
    for (const key of keys) flatten(value[key], [...segments, key], out);
  } else if (value !== undefined) {
    out.set(path, { text: String(value), segments });
  }
  return out;
}

function getPath(doc: Json | undefined, segments: Segment[]): Json | undefined {
  let at: Json | undefined = doc;
  for (const segment of segments) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, Json>)[segment as string];
  }
  return at;
}

function setPath(doc: { [key: string]: Json }, segments: Segment[], value: Json | undefined): void {
  let at: Json = doc;
  for (const [i, segment] of segments.entries()) {
    const container = at as Record<string, Json>;
    if (i === segments.length - 1) {
      if (value === undefined) {
        if (Array.isArray(container)) container.splice(segment as number, 1);
        else delete container[segment as string];
      } else container[segment as string] = structuredClone(value);
      return;
    }
    if (container[segment as string] === null || typeof container[segment as string] !== 'object') container[segment as string] = typeof segments[i + 1] === 'number' ? [] : {};
    at = container[segment as string]!;
  }
}

/** Version 1's body with each differing field taken from the version picked for it (attachments: version 1's). */
export function mergedBody(versions: Version[], picks: Map<Segment[], number>): { [key: string]: Json } {
  const base = structuredClone(versions[0]?.doc ?? {});
  for (const key of Object.keys(base)) if (key.startsWith('_')) delete base[key];
  for (const [segments, index] of picks) if (index !== 0) setPath(base, segments, getPath(versions[index]?.doc ?? undefined, segments));
  return base;
}

/** Attachments and the password hash (shown as a fingerprint) always come from the kept version: the server says so too. */
const pickable = (path: string) => !path.startsWith('_attachments') && path !== 'passwordHash';

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
    const paths: { path: string; differs: boolean; segments: Segment[] }[] = [];
    const seen = new Set<string>();
    for (const column of columns)
      for (const [path, cell] of column) {
        if (seen.has(path)) continue;
        seen.add(path);
        paths.push({ path, segments: cell.segments, differs: new Set(columns.map((c) => c.get(path)?.text)).size > 1 });
      }
    return { paths, columns };
  }, [conflict]);
  const differing = paths.filter((p) => p.differs);
  // Merging: for each differing field, the version whose value the merged version takes (version 1 by default).
  const [merging, setMerging] = useState(false);
  const [picks, setPicks] = useState<Record<string, number>>({});
  const writeMerged = async () => {
    setBusy(true);
    setError('');
    try {
      const chosen = new Map(differing.filter((p) => pickable(p.path)).map((p) => [p.segments, picks[p.path] ?? 0] as const));
      await api('POST', '/conflicts/resolve', { db: conflict.db, id: conflict.id, keepRev: conflict.versions[0]!.rev, note: note.trim(), merged: mergedBody(conflict.versions, chosen) });
      onResolved(t('conflicts.mergedDone'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
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
        <td key={i}>
          {merging && differs && pickable(path) && (
            <label className="pick">
              <input type="radio" name={`pick-${path}`} checked={(picks[path] ?? 0) === i} onChange={() => setPicks({ ...picks, [path]: i })} data-testid={`pick-${i + 1}`} />
              {t('conflicts.use')}
            </label>
          )}
          {column.get(path)?.text ?? '—'}
        </td>
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
        {!merging &&
          conflict.versions.map((v, i) => (
            <button key={v.rev} disabled={busy || note.trim().length === 0} onClick={() => void keep(v.rev)} data-testid={`keep-version-${i + 1}`}>
              {t('conflicts.keep', { n: i + 1 })}
            </button>
          ))}
        {merging && (
          <button disabled={busy || note.trim().length === 0} onClick={() => void writeMerged()} data-testid="write-merged">
            {t('conflicts.writeMerged')}
          </button>
        )}
        <label className="inline">
          <input type="checkbox" checked={merging} onChange={(e) => setMerging(e.target.checked)} data-testid="merge-mode" />
          {t('conflicts.mergeMode')}
        </label>
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
