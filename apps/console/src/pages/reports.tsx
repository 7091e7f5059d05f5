import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../api';
import { errorText } from '../components';
import { DayInput, useFormat } from '../format';
import { type Report, STEP_COLUMNS, hourly, reportTotals, slowestStep } from './report-logic';

type Kind = 'flows' | 'decisions' | 'transit' | 'hours';
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'];
/** Columns whose values are words to translate (the server and the CSV keep the codes). */
const VALUE_COLUMNS = new Set(['direction', 'outcome']);
const PAGE = 100;

/**
 * Reports: flows per day, post, direction and nationality; refusals and referrals; transit time per
 * step per post, officer or station with the slowest step marked — where queues come from. Headers,
 * values, numbers and days in the console language; the CSV export keeps the server's column keys.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const today = new Date().toISOString().slice(0, 10);
  const [params, setParams] = useState({ kind: 'flows' as Kind, from: new Date(Date.now() - 180 * 86_400_000).toISOString().slice(0, 10), to: today, by: 'post', postId: '', nationality: '' });
  const [report, setReport] = useState<Report | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  // A long report (180 days × posts × nationalities) is drawn PAGE rows at a time; totals and the CSV cover all.
  const [shown, setShown] = useState(PAGE);
  const backwards = params.from > params.to;
  const path = `/reports/${params.kind}${query({ from: params.from, to: params.to, postId: params.postId.trim() || undefined, nationality: /^[A-Z<]{3}$/.test(params.nationality) ? params.nationality : undefined, by: params.kind === 'transit' ? params.by : undefined })}`;
  useEffect(() => {
    if (backwards) return;
    let current = true;
    setShown(PAGE);
    setLoading(true);
    setError('');
    api<Report>('GET', path).then(
      (r) => current && setReport(r),
      (e) => current && (setReport(null), setError(errorText(e))),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path, backwards]);

  const column = (key: string) => t(`reports.columns.${key}`, { defaultValue: key });
  const cell = (key: string, value: string | number | null): string => {
    if (value === null) return '—';
    if (key === 'day') return format.day(String(value));
    if (key === 'hour') return `${value}:00`;
    if (VALUE_COLUMNS.has(key)) return t(`values.${value}`, { defaultValue: String(value) });
    if (key === 'crossings') return format.count(Number(value));
    if (key.endsWith('_s')) return format.seconds(Number(value));
    return String(value);
  };
  const rows = report?.rows ?? [];
  const columns = report?.columns ?? [];
  const at = (key: string) => columns.indexOf(key);
  const totals = report ? reportTotals(report) : null;
  const groupLabel = (row: (string | number | null)[]) => columns.slice(0, at('crossings')).map((key, i) => cell(key, row[i] ?? null)).join(' · ');

  // Chart: crossings per day by direction (flows) or outcome (decisions); mean seconds per step per group (transit).
  const series = params.kind === 'flows' ? ['entry', 'exit'] : params.kind === 'decisions' ? ['refused', 'referred'] : STEP_COLUMNS;
  const chart =
    params.kind === 'transit'
      ? rows.map((row) => ({ label: groupLabel(row), ...Object.fromEntries(STEP_COLUMNS.map((key) => [key, row[at(key)]])) }))
      : Object.values(
          rows.reduce<Record<string, Record<string, string | number>>>((acc, row) => {
            const day = String(row[at('day')]);
            const serie = String(row[at(params.kind === 'flows' ? 'direction' : 'outcome')]);
            acc[day] ??= { label: format.day(day), ...Object.fromEntries(series.map((s) => [s, 0])) };
            acc[day][serie] = Number(acc[day][serie] ?? 0) + Number(row[at('crossings')]);
            return acc;
          }, {}),
        );

  return (
    <section>
      <h2>{t('reports.title')}</h2>
      <p className="intro">{t(`reports.explain.${params.kind}`)}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('reports.kind')}
          <select value={params.kind} onChange={(e) => setParams({ ...params, kind: e.target.value as Kind })} data-testid="report-kind">
            <option value="flows">{t('reports.flows')}</option>
            <option value="decisions">{t('reports.decisions')}</option>
            <option value="transit">{t('reports.transit')}</option>
            <option value="hours">{t('reports.hours')}</option>
          </select>
        </label>
        <DayInput label={t('reports.from')} value={params.from} onChange={(from) => setParams({ ...params, from })} testId="report-from" />
        <DayInput label={t('reports.to')} value={params.to} onChange={(to) => setParams({ ...params, to })} testId="report-to" />
        <label>
          {t('reports.post')}
          <input value={params.postId} placeholder={t('reports.allPosts')} onChange={(e) => setParams({ ...params, postId: e.target.value })} size={12} data-testid="report-post" />
        </label>
        <label>
          {t('reports.nationality')}
          <input
            value={params.nationality}
            placeholder={t('reports.allNationalities')}
            maxLength={3}
            size={6}
            onChange={(e) => setParams({ ...params, nationality: e.target.value.toUpperCase() })}
            data-testid="report-nationality"
          />
        </label>
        {params.kind === 'transit' && (
          <label>
            {t('reports.by')}
            <select value={params.by} onChange={(e) => setParams({ ...params, by: e.target.value })} data-testid="report-by">
              <option value="post">{t('reports.byPost')}</option>
              <option value="officer">{t('reports.byOfficer')}</option>
              <option value="station">{t('reports.byStation')}</option>
            </select>
          </label>
        )}
        <a className="button" href={`/api/console${path}${path.includes('?') ? '&' : '?'}format=csv`} download data-testid="export-csv">
          {t('reports.csv')}
        </a>
      </form>
      {backwards && <p className="error" data-testid="report-backwards">{t('reports.backwards')}</p>}
      {error && <p className="error">{error}</p>}
      {loading && !report && <p className="empty">{t('reports.loading')}</p>}
      {report && !backwards && rows.length === 0 && <p className="empty" data-testid="report-empty">{t('reports.none')}</p>}
      {report && !backwards && rows.length > 0 && (
        <>
          {params.kind === 'hours' ? (
            <ComposedChart width={760} height={280} data={hourly(rows, columns)} data-testid="chart" accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="hour" tickFormatter={(h: string) => `${h}h`} />
              <YAxis yAxisId="count" allowDecimals={false} tickFormatter={(v: number) => format.count(v)} />
              <YAxis yAxisId="seconds" orientation="right" unit=" s" tickFormatter={(v: number) => format.seconds(v)} />
              <Tooltip formatter={(value, name) => (name === column('mean_total_s') ? `${format.seconds(Number(value))} s` : format.count(Number(value)))} labelFormatter={(h) => `${String(h)}:00 UTC`} />
              <Legend />
              <Bar yAxisId="count" dataKey="crossings" name={column('crossings')} fill={COLORS[0]} isAnimationActive={false} />
              <Line yAxisId="seconds" dataKey="mean_total_s" name={column('mean_total_s')} stroke={COLORS[3]} strokeWidth={2} isAnimationActive={false} connectNulls />
            </ComposedChart>
          ) : (
            <BarChart width={Math.min(1200, Math.max(520, chart.length * 90))} height={280} data={chart} data-testid="chart" accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={params.kind === 'transit'} tickFormatter={(v: number) => (params.kind === 'transit' ? format.seconds(v) : format.count(v))} unit={params.kind === 'transit' ? ' s' : ''} />
              <Tooltip formatter={(value) => (params.kind === 'transit' ? `${format.seconds(Number(value))} s` : format.count(Number(value)))} />
              <Legend />
              {series.map((key, i) => (
                <Bar key={key} dataKey={key} name={params.kind === 'transit' ? column(key) : t(`values.${key}`)} stackId="a" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
          {totals && (
            <p className="report-summary" data-testid="report-summary">
              {t('reports.summary', { count: totals.crossings, crossings: format.count(totals.crossings) })}
              {totals.bySeries &&
                ` (${Object.entries(totals.bySeries)
                  .map(([key, n]) => `${t(`values.${key}`, { defaultValue: key })} ${format.count(n)}`)
                  .join(', ')})`}
            </p>
          )}
          <table data-testid="report">
            <thead>
              <tr>
                {columns.map((key) => (
                  <th key={key} className={key === 'crossings' || key.endsWith('_s') ? 'number' : ''}>
                    {column(key)}
                  </th>
                ))}
                {params.kind === 'transit' && <th>{t('reports.slowestStep')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((row, i) => {
                const slowest = params.kind === 'transit' ? slowestStep(columns, row) : null;
                return (
                  <tr key={i}>
                    {row.map((value, j) => (
                      <td key={j} className={[columns[j] === 'crossings' || columns[j]!.endsWith('_s') ? 'number' : '', columns[j] === slowest ? 'slowest' : ''].join(' ').trim() || undefined}>
                        {cell(columns[j]!, value)}
                      </td>
                    ))}
                    {params.kind === 'transit' && <td>{slowest ? column(slowest) : '—'}</td>}
                  </tr>
                );
              })}
            </tbody>
            {totals && (
              <tfoot>
                <tr data-testid="report-total">
                  {columns.map((key, j) => (
                    <th key={key} className={key === 'crossings' || key.endsWith('_s') ? 'number' : ''}>
                      {j === 0 ? t('reports.total') : key in totals.values ? cell(key, totals.values[key] ?? null) : ''}
                    </th>
                  ))}
                  {params.kind === 'transit' && <th>{totals.slowest ? column(totals.slowest) : ''}</th>}
                </tr>
              </tfoot>
            )}
          </table>
          {rows.length > shown && (
            <p>
              <span className="meta">{t('reports.shownRows', { shown: format.count(shown), total: format.count(rows.length) })}</span>{' '}
              <button onClick={() => setShown(shown + PAGE)} data-testid="report-more">
                {t('reports.moreRows', { count: Math.min(PAGE, rows.length - shown) })}
              </button>
            </p>
          )}
          {params.kind === 'transit' && <p className="meta">{t('reports.transitNote')}</p>}
        </>
      )}
    </section>
  );
}
