import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import { Table, errorText, when } from '../components';
import { useFormat } from '../format';
import { ListFilesInput, type OfacFiles, RowIssues } from './list-files';

interface ImportResult {
  importId: string;
  version: number;
  entries: number;
  issues: { row: number | string; severity: string; code: string; message: string }[];
  diff: { added: string[]; removed: string[]; changed: string[]; unchanged: number };
}
interface ListsOverview {
  lists: { listId: string; name: string; version: number; entryCount: number; publishedAt: string }[];
  posts: { postId: string; reportedAt: string | null; source: 'health-report' | 'crossing' | null; versions: Record<string, number> }[];
}

export function ListsPage() {
  const { t } = useTranslation();
  const [overview, setOverview] = useState<ListsOverview | null>(null);
  const [form, setForm] = useState({ listId: '', name: '', format: 'csv', content: '' });
  const [result, setResult] = useState<ImportResult | null>(null);
  const [message, setMessage] = useState('');
  const [ofacFiles, setOfacFiles] = useState<OfacFiles>({});
  const [refused, setRefused] = useState<ImportResult['issues']>([]);
  const reload = useCallback(() => {
    api<ListsOverview>('GET', '/lists').then(setOverview, (e) => setMessage(errorText(e)));
  }, []);
  useEffect(reload, [reload]);
  return (
    <section>
      <h2>{t('lists.title')}</h2>
      <Table
        testId="lists"
        head={[t('lists.listId'), t('lists.name'), t('lists.version'), t('lists.entries'), t('crossings.when')]}
        rows={(overview?.lists ?? []).map((l) => [l.listId, l.name, l.version, l.entryCount, when(l.publishedAt)])}
      />
      <h3>{t('lists.postVersions')}</h3>
      <PostHoldings overview={overview} />
      <form
        className="import"
        onSubmit={async (e) => {
          e.preventDefault();
          setMessage('');
          setRefused([]);
          setResult(null);
          try {
            const source = form.format === 'ofac-sdn' ? { files: ofacFiles } : { content: form.content };
            setResult(await api<ImportResult>('POST', '/lists/imports', { listId: form.listId, format: form.format, ...source, ...(form.name ? { name: form.name } : {}) }));
          } catch (err) {
            setMessage(errorText(err));
            if (err instanceof ApiError) setRefused(err.issues);
          }
        }}
      >
        <label>
          {t('lists.listId')}
          <input value={form.listId} onChange={(e) => setForm({ ...form, listId: e.target.value })} data-testid="list-id" />
        </label>
        <label>
          {t('lists.name')}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('lists.format')}
          <select
            value={form.format}
            onChange={(e) => {
              // Files attached for another format are dropped with its file input.
              setForm({ ...form, format: e.target.value, content: '' });
              setOfacFiles({});
            }}
            data-testid="list-format"
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
            <option value="un-xml">UN XML</option>
            <option value="ofac-sdn">US OFAC SDN (sdn.csv + alt.csv)</option>
          </select>
        </label>
        <ListFilesInput key={form.format} format={form.format} onContent={(content) => setForm({ ...form, content })} onOfacFiles={setOfacFiles} />
        {form.format !== 'ofac-sdn' && (
          <label className="wide">
            {t('lists.content')}
            <textarea rows={6} value={form.content} onChange={(e) => setForm({ ...form, content: e.target.value })} data-testid="list-content" />
          </label>
        )}
        <button type="submit" data-testid="import">
          {t('lists.import')}
        </button>
      </form>
      {message && <p className="error">{message}</p>}
      <RowIssues issues={refused} testId="list-errors" />
      {result && (
        <div className="diff" data-testid="diff">
          <p>
            {t('lists.added')}: {result.diff.added.length} · {t('lists.removed')}: {result.diff.removed.length} · {t('lists.changed')}: {result.diff.changed.length} · {t('lists.unchanged')}: {result.diff.unchanged}
          </p>
          <ul>
            {[...result.diff.added.map((id) => `+ ${id}`), ...result.diff.removed.map((id) => `− ${id}`), ...result.diff.changed.map((id) => `~ ${id}`)].slice(0, 50).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <RowIssues issues={result.issues} testId="list-warnings" />
          <button
            data-testid="publish"
            onClick={async () => {
              try {
                await api('POST', `/lists/imports/${result.importId}/publish`);
                setMessage(t('lists.published', { version: result.version }));
                setResult(null);
                reload();
              } catch (err) {
                setMessage(errorText(err));
              }
            }}
          >
            {t('lists.publish', { version: result.version })}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * Which version of each published list every post checks travellers against, as the post last said it
 * (a station's health report or its newest crossing), and when. A post behind a publication is
 * highlighted with what it lacks: until its next sync it checks travellers against the older list.
 */
function PostHoldings({ overview }: { overview: ListsOverview | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!overview) return <p className="empty">{t('lists.loading')}</p>;
  if (overview.posts.length === 0) return <p className="empty">{t('lists.noPosts')}</p>;
  return (
    <table data-testid="list-holdings">
      <thead>
        <tr>
          <th>{t('crossings.post')}</th>
          <th>{t('lists.reportedAt')}</th>
          <th>{t('lists.source')}</th>
          <th>{t('lists.held')}</th>
        </tr>
      </thead>
      <tbody>
        {overview.posts.map((p) => {
          const behind = overview.lists.filter((l) => (p.versions[l.listId] ?? 0) < l.version);
          return (
            <tr key={p.postId} className={behind.length > 0 ? 'outdated' : ''} data-testid={`holding-${p.postId}`}>
              <td>{p.postId}</td>
              <td>{p.reportedAt ? format.time(p.reportedAt) : t('lists.neverReported')}</td>
              <td>{p.source ? t(`lists.sources.${p.source}`) : '—'}</td>
              <td>
                {Object.entries(p.versions)
                  .map(([id, v]) => `${id} v${v}`)
                  .join(', ') || '—'}
                {behind.map((l) => (
                  <div key={l.listId} className="warn" data-testid="holding-behind">
                    {p.versions[l.listId] ? t('lists.behind', { list: l.listId, held: p.versions[l.listId], version: l.version }) : t('lists.missing', { list: l.listId, version: l.version })}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
