import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api';
import { Table, errorText, when } from '../components';
import { DayInput, useFormat } from '../format';
import { CrossingRecord } from './crossing-record';

interface Station {
  stationId: string;
  name: string;
  silent: boolean;
  lastSyncAt: string | null;
}
interface HealthReport {
  stationId: string;
  pendingDocs: number;
  softwareVersion: string | null;
  devices: { kind: string; status: string }[];
}
interface Post {
  postId: string;
  name: string;
  lastSyncAt: string | null;
  lastCrossingAt: string | null;
  clockOffsetMs: number | null;
  silent: boolean;
  stations: Station[];
  healthReports: HealthReport[];
}

export function PostsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [posts, setPosts] = useState<Post[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ posts: Post[] }>('GET', '/posts').then((r) => setPosts(r.posts), (e) => setError(errorText(e)));
  }, []);
  return (
    <section>
      <h2>{t('posts.title')}</h2>
      {error && <p className="error">{error}</p>}
      <Table
        testId="posts"
        head={[t('posts.post'), t('posts.lastSync'), t('posts.lastCrossing'), t('posts.clock'), t('posts.stations'), t('posts.pending'), t('posts.version'), t('posts.health')]}
        rows={posts.map((p) => [
          <span>
            <strong>{p.name}</strong> <span className={p.silent ? 'badge silent' : 'badge ok'}>{p.silent ? t('posts.silent') : t('posts.ok')}</span>
          </span>,
          when(p.lastSyncAt),
          when(p.lastCrossingAt),
          p.clockOffsetMs === null ? '—' : <span className={Math.abs(p.clockOffsetMs) > 300_000 ? 'warn' : ''}>{format.offset(p.clockOffsetMs / 1000)} s</span>,
          p.stations.filter((s) => !s.silent).length + ' / ' + p.stations.length,
          p.healthReports.length === 0 ? '—' : p.healthReports.reduce((n, h) => n + h.pendingDocs, 0),
          [...new Set(p.healthReports.map((h) => h.softwareVersion).filter(Boolean))].join(', ') || '—',
          p.healthReports.length === 0
            ? '—'
            : p.healthReports.flatMap((h) => h.devices.map((d, i) => (
                <div key={`${h.stationId}-${i}`} className={d.status === 'ok' ? '' : 'warn'}>
                  {`${t(`values.device.${d.kind}`, { defaultValue: d.kind })}: ${t(`values.deviceStatus.${d.status}`, { defaultValue: d.status })}`}
                </div>
              ))),
        ])}
      />
    </section>
  );
}

interface CrossingSummary {
  id: string;
  postId: string;
  officerId: string;
  direction: string;
  outcome: string;
  decidedAt: string;
  surname: string;
  givenNames: string;
  nationality: string;
  issuingState: string;
  documentNumber: string;
  hitCount: number;
}

export function CrossingsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ name: '', document: '', nationality: '', postId: '', from: '', to: '', direction: '', outcome: '', hit: '' });
  const [rows, setRows] = useState<CrossingSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [searched, setSearched] = useState(false);
  const search = useCallback(
    async (after: string | null) => {
      setError('');
      try {
        const result = await api<{ crossings: CrossingSummary[]; nextCursor: string | null }>('GET', `/crossings${query({ ...filters, hit: filters.hit || undefined, cursor: after, limit: 25 })}`);
        setRows((old) => (after ? [...old, ...result.crossings] : result.crossings));
        setCursor(result.nextCursor);
        setSearched(true);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [filters],
  );
  useEffect(() => {
    void search(null);
    // Only on first display; later searches are explicit (the search button).
  }, []);
  const field = (key: keyof typeof filters, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.target.value })} data-testid={`filter-${key}`} />
    </label>
  );
  return (
    <section>
      <h2>{t('crossings.title')}</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void search(null);
        }}
      >
        {field('name', t('crossings.name'))}
        {field('document', t('crossings.document'))}
        {field('nationality', t('crossings.nationality'))}
        {field('postId', t('crossings.post'))}
        <DayInput optional label={t('crossings.from')} value={filters.from} onChange={(from) => setFilters({ ...filters, from })} testId="filter-from" />
        <DayInput optional label={t('crossings.to')} value={filters.to} onChange={(to) => setFilters({ ...filters, to })} testId="filter-to" />
        <label>
          {t('crossings.direction')}
          <select value={filters.direction} onChange={(e) => setFilters({ ...filters, direction: e.target.value })} data-testid="filter-direction">
            <option value="">{t('crossings.any')}</option>
            <option value="entry">{t('values.entry')}</option>
            <option value="exit">{t('values.exit')}</option>
          </select>
        </label>
        <label>
          {t('crossings.outcome')}
          <select value={filters.outcome} onChange={(e) => setFilters({ ...filters, outcome: e.target.value })}>
            <option value="">{t('crossings.any')}</option>
            <option value="admitted">{t('values.admitted')}</option>
            <option value="refused">{t('values.refused')}</option>
            <option value="referred">{t('values.referred')}</option>
          </select>
        </label>
        <label>
          {t('crossings.hit')}
          <select value={filters.hit} onChange={(e) => setFilters({ ...filters, hit: e.target.value })}>
            <option value="">{t('crossings.any')}</option>
            <option value="true">✓</option>
          </select>
        </label>
        <button type="submit" data-testid="search">
          {t('crossings.search')}
        </button>
      </form>
      {error && <p className="error">{error}</p>}
      <Table
        testId="crossings"
        empty={searched ? t('crossings.none') : undefined}
        head={[t('crossings.when'), t('crossings.post'), t('crossings.direction'), t('crossings.name'), t('crossings.nationality'), t('crossings.document'), t('crossings.outcome'), t('crossings.officer'), '']}
        rows={rows.map((c) => [
          when(c.decidedAt),
          c.postId,
          t(`values.${c.direction}`, { defaultValue: c.direction }),
          <button className="link" onClick={() => setSelected(c.id)}>{`${c.surname}, ${c.givenNames}`}</button>,
          c.nationality,
          `${c.issuingState} ${c.documentNumber}`,
          t(`values.${c.outcome}`, { defaultValue: c.outcome }),
          c.officerId,
          c.hitCount > 0 ? <span className="badge silent">{t('crossings.hitBadge')}</span> : '',
        ])}
      />
      {cursor && <button onClick={() => void search(cursor)}>{t('crossings.more')}</button>}
      {selected && <CrossingRecord id={selected} onClose={() => setSelected(null)} />}
    </section>
  );
}
