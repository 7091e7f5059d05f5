import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError, api, query } from '../api';
import { Table, errorText, when } from '../components';
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
  posts: { postId: string; reportedAt: string | null; versions: Record<string, number> }[];
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
      <Table
        head={[t('crossings.post'), t('posts.lastCrossing'), t('lists.version')]}
        rows={(overview?.posts ?? []).map((p) => [p.postId, when(p.reportedAt), Object.entries(p.versions).map(([id, v]) => `${id} v${v}`).join(', ') || '—'])}
      />
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

interface Report {
  columns: string[];
  rows: (string | number | null)[][];
}

export function ReportsPage() {
  const { t } = useTranslation();
  const today = new Date().toISOString().slice(0, 10);
  const [params, setParams] = useState({ kind: 'flows', from: new Date(Date.now() - 180 * 86_400_000).toISOString().slice(0, 10), to: today, by: 'post' });
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');
  const path = `/reports/${params.kind}${query({ from: params.from, to: params.to, by: params.kind === 'transit' ? params.by : undefined })}`;
  const run = useCallback(() => {
    api<Report>('GET', path).then(setReport, (e) => setError(errorText(e)));
  }, [path]);
  useEffect(run, [run]);
  // Chart: crossings per day (flows/decisions) or mean time per step (transit).
  const chart: Record<string, string | number | null | undefined>[] =
    report && params.kind !== 'transit'
      ? Object.values(
          report.rows.reduce<Record<string, { day: string; entry: number; exit: number; other: number }>>((acc, row) => {
            const day = String(row[0]);
            const count = Number(row[row.length - 1]);
            acc[day] ??= { day, entry: 0, exit: 0, other: 0 };
            if (row[2] === 'entry') acc[day].entry += count;
            else if (row[2] === 'exit') acc[day].exit += count;
            else acc[day].other += count;
            return acc;
          }, {}),
        )
      : (report?.rows ?? []).map((row) => ({ day: row.slice(0, report!.columns.indexOf('crossings')).join(' '), read: row[report!.columns.indexOf('read_s')], biometrics: row[report!.columns.indexOf('biometrics_s')], checks: row[report!.columns.indexOf('checks_s')], decision: row[report!.columns.indexOf('decision_s')] }));
  return (
    <section>
      <h2>{t('reports.title')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <select value={params.kind} onChange={(e) => setParams({ ...params, kind: e.target.value })} data-testid="report-kind">
          <option value="flows">{t('reports.flows')}</option>
          <option value="decisions">{t('reports.decisions')}</option>
          <option value="transit">{t('reports.transit')}</option>
        </select>
        <input type="date" value={params.from} onChange={(e) => setParams({ ...params, from: e.target.value })} />
        <input type="date" value={params.to} onChange={(e) => setParams({ ...params, to: e.target.value })} />
        {params.kind === 'transit' && (
          <select value={params.by} onChange={(e) => setParams({ ...params, by: e.target.value })}>
            <option value="post">post</option>
            <option value="officer">officer</option>
            <option value="station">station</option>
          </select>
        )}
        <a href={`/api/console${path}${path.includes('?') ? '&' : '?'}format=csv`} download data-testid="export-csv">
          {t('reports.csv')}
        </a>
      </form>
      {error && <p className="error">{error}</p>}
      {report && report.rows.length > 0 && (
        <BarChart width={760} height={260} data={chart} data-testid="chart">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis />
          <Tooltip />
          <Legend />
          {params.kind === 'transit' ? (
            <>
              <Bar dataKey="read" stackId="a" fill="#4e79a7" isAnimationActive={false} />
              <Bar dataKey="biometrics" stackId="a" fill="#f28e2b" isAnimationActive={false} />
              <Bar dataKey="checks" stackId="a" fill="#59a14f" isAnimationActive={false} />
              <Bar dataKey="decision" stackId="a" fill="#e15759" isAnimationActive={false} />
            </>
          ) : (
            <>
              <Bar dataKey="entry" stackId="a" fill="#4e79a7" isAnimationActive={false} />
              <Bar dataKey="exit" stackId="a" fill="#f28e2b" isAnimationActive={false} />
              <Bar dataKey="other" stackId="a" fill="#e15759" isAnimationActive={false} />
            </>
          )}
        </BarChart>
      )}
      {report && <Table testId="report" head={report.columns} rows={report.rows.map((row) => row.map((cell) => (cell === null ? '—' : String(cell))))} />}
    </section>
  );
}
