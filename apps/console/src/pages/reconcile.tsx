import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Decide, Table, errorText, when } from '../components';
import { HitReasons } from '../hit-reasons';
import { useFormat } from '../format';
import { CrossingRecord } from './crossing-record';
import { OfficerActivityPanel } from './officer-activity';

function useLoad<T>(path: string): { data: T | null; error: string; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const reload = useCallback(() => {
    api<T>('GET', path).then(setData, (e) => setError(errorText(e)));
  }, [path]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

interface Stay {
  entryId: string;
  postId: string;
  enteredAt: string;
  traveller: { surname: string; givenNames: string; nationality: string };
  document: { issuingState: string; documentNumber: string };
  rule: string;
  allowedUntil: string | null;
  overstayDays: number;
}

/** The decisions the server takes for the stay queue (routes-reconcile.ts). */
const STAY_DECISIONS = ['overstay-confirmed', 'left-unrecorded', 'exit-recorded-manually', 'exempt'];

export function StaysPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad<{ stays: Stay[]; next: string | null }>('/stays?overstaysOnly=true');
  // The server answers 50 at a time with a cursor: further pages are appended on request.
  const [more, setMore] = useState<{ stays: Stay[]; next: string | null; error: string }>({ stays: [], next: null, error: '' });
  useEffect(() => setMore({ stays: [], next: data?.next ?? null, error: '' }), [data]);
  const stays = [...(data?.stays ?? []), ...more.stays];
  // What the supervisor found out (per row): an overstay, or a departure the posts never recorded.
  const [kinds, setKinds] = useState<Record<string, string>>({});
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <section>
      <h2>{t('stays.title')}</h2>
      {error && <p className="error">{error}</p>}
      <Table
        testId="overstays"
        loading={!data && !error}
        empty={data ? t('stays.none') : undefined}
        head={[t('crossings.name'), t('crossings.document'), t('crossings.post'), t('stays.entered'), t('stays.rule'), t('stays.allowedUntil'), t('stays.overstay'), '']}
        rows={stays.map((s) => [
          <button className="link" onClick={() => setOpened(s.entryId)} data-testid="overstay-entry">{`${s.traveller.surname}, ${s.traveller.givenNames} (${s.traveller.nationality})`}</button>,
          `${s.document.issuingState} ${s.document.documentNumber}`,
          s.postId,
          when(s.enteredAt),
          s.rule,
          s.allowedUntil ?? '—',
          <strong className="warn">{s.overstayDays}</strong>,
          <span className="actions">
            <select aria-label={t('stays.decision')} value={kinds[s.entryId] ?? 'overstay-confirmed'} onChange={(e) => setKinds({ ...kinds, [s.entryId]: e.target.value })} data-testid="overstay-decision">
              {STAY_DECISIONS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`stays.decisions.${kind}`)}
                </option>
              ))}
            </select>
            <Decide
              testId="confirm-overstay"
              label={t('stays.record')}
              onDecide={async (note) => {
                await api('POST', '/stays/decisions', { subject: s.entryId, decision: kinds[s.entryId] ?? 'overstay-confirmed', note });
                reload();
              }}
            />
          </span>,
        ])}
      />
      {more.next && (
        <button
          data-testid="overstays-more"
          onClick={() =>
            api<{ stays: Stay[]; next: string | null }>('GET', `/stays?overstaysOnly=true&after=${encodeURIComponent(more.next!)}`).then(
              (page) => setMore((old) => ({ stays: [...old.stays, ...page.stays], next: page.next, error: '' })),
              (e) => setMore((old) => ({ ...old, error: errorText(e) })),
            )
          }
        >
          {t('crossings.more')}
        </button>
      )}
      {more.error && <p className="error">{more.error}</p>}
      {opened && <CrossingRecord id={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}

interface Hit {
  subject: string;
  crossingId: string;
  postId: string;
  listId: string;
  entryId: string;
  score: number;
  at: string;
  explanation: string | null;
  reasons: unknown[] | null;
  /** The supervisors' decision in force (decided hits). */
  review: { decision: string; note: string; decidedBy: string; decidedAt: string } | null;
}
interface HitStat {
  listId: string;
  postId: string;
  total: number;
  confirmed: number;
  dismissed: number;
  open: number;
}

export function HitsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  // Open hits to review, or the decided ones with who decided what (the record of past reviews).
  const [status, setStatus] = useState<'open' | 'decided'>('open');
  const hits = useLoad<{ hits: Hit[] }>(`/hits?status=${status}`);
  const stats = useLoad<{ stats: HitStat[] }>('/hits/stats');
  // The queue shows the newest 50; the statistics know how many are open in all.
  const openHits = (stats.data?.stats ?? []).reduce((n, s) => n + Number(s.open), 0);
  // The crossing behind a hit (face, document, decision) opens beside the queue.
  const [opened, setOpened] = useState<string | null>(null);
  const decide = async (subject: string, decision: 'confirmed' | 'dismissed', note: string) => {
    await api('POST', '/hits/decisions', { subject, decision, note });
    hits.reload();
    stats.reload();
  };
  return (
    <section>
      <h2>{t('hits.title')}</h2>
      <nav className="tabs">
        {(['open', 'decided'] as const).map((k) => (
          <button key={k} className={k === status ? 'active' : ''} aria-pressed={k === status} onClick={() => setStatus(k)} data-testid={`hits-${k}`}>
            {t(`hits.${k === 'open' ? 'openTab' : 'decidedTab'}`)}
          </button>
        ))}
      </nav>
      {hits.error && <p className="error">{hits.error}</p>}
      <Table
        testId="hits"
        loading={!hits.data && !hits.error}
        empty={hits.data ? t(status === 'open' ? 'hits.none' : 'hits.noneDecided') : undefined}
        head={[t('crossings.when'), t('crossings.post'), t('hits.list'), t('hits.entry'), t('hits.score'), t('hitReasons.why'), '', '']}
        rows={(hits.data?.hits ?? []).map((h) => [
          <button className="link" title={t('hits.openRecord')} onClick={() => setOpened(h.crossingId)} data-testid="hit-crossing">
            {when(h.at)}
          </button>,
          h.postId,
          h.listId,
          h.entryId,
          format.score(h.score),
          <HitReasons reasons={h.reasons} explanation={h.explanation} />,
          ...(h.review
            ? [
                <span data-testid="hit-review">
                  <strong>{t(`values.${h.review.decision}`, { defaultValue: h.review.decision })}</strong> — {h.review.note} <span className="meta">({h.review.decidedBy}, {when(h.review.decidedAt)})</span>
                </span>,
                '',
              ]
            : [
                <Decide testId="dismiss-hit" label={t('hits.dismiss')} onDecide={(note) => decide(h.subject, 'dismissed', note)} />,
                <Decide testId="confirm-hit" label={t('hits.confirm')} onDecide={(note) => decide(h.subject, 'confirmed', note)} />,
              ]),
        ])}
      />
      {opened && <CrossingRecord id={opened} onClose={() => setOpened(null)} />}
      {status === 'open' && openHits > (hits.data?.hits.length ?? 0) && <p className="meta" data-testid="hits-shown">{t('hits.shown', { shown: hits.data?.hits.length ?? 0, open: openHits })}</p>}
      <h3>{t('hits.stats')}</h3>
      <Table
        testId="hit-stats"
        head={[t('hits.list'), t('crossings.post'), t('hits.total'), t('hits.confirmed'), t('hits.dismissed'), t('hits.open')]}
        rows={(stats.data?.stats ?? []).map((s) => [s.listId, s.postId, s.total, s.confirmed, s.dismissed, s.open])}
      />
    </section>
  );
}

/** A traveller record as the duplicate queue gives it (server `duplicate-records.ts`). */
interface TravellerRecord {
  id: string;
  postId: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: string;
  nationality: string;
  documents: { issuingState: string; documentNumber: string }[];
  firstCrossingId: string | null;
}

interface Duplicate {
  kind: string;
  subject: string;
  travellerIds: string[];
  reason: string;
  score: number;
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, reload } = useLoad<{ duplicates: Duplicate[]; records?: Record<string, TravellerRecord> }>('/duplicates');
  // The record kept by a merge (the others are merged into it): the first unless the supervisor picks another.
  const [survivors, setSurvivors] = useState<Record<string, string>>({});
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <section>
      <h2>{t('duplicates.title')}</h2>
      {error && <p className="error">{error}</p>}
      <Table
        testId="duplicates"
        loading={!data && !error}
        empty={data ? t('duplicates.none') : undefined}
        head={[t('duplicates.reason'), t('duplicates.records'), t('hits.score'), '', '']}
        rows={(data?.duplicates ?? []).map((d) => [
          d.reason,
          <ul className="records" data-testid="duplicate-records">
            {d.travellerIds.map((id) => {
              const r = data?.records?.[id];
              const survivor = (survivors[d.subject] ?? d.travellerIds[0]) === id;
              return (
                <li key={id}>
                  <label className="inline">
                    <input type="radio" name={`survivor-${d.subject}`} checked={survivor} onChange={() => setSurvivors({ ...survivors, [d.subject]: id })} data-testid="duplicate-survivor" />
                    {r ? (
                      <span>
                        <strong>{`${r.surname}, ${r.givenNames}`}</strong> · {format.day(r.birthDate)} · {r.sex} · {r.nationality} · {r.documents.map((doc) => `${doc.issuingState} ${doc.documentNumber}`).join(', ') || '—'} · {r.postId}
                      </span>
                    ) : (
                      <code>{id}</code>
                    )}
                    {survivor && <span className="badge ok">{t('duplicates.kept')}</span>}
                  </label>
                  {r?.firstCrossingId && (
                    <button className="link" onClick={() => setOpened(r.firstCrossingId)} data-testid="duplicate-crossing">
                      {t('duplicates.firstCrossing')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>,
          format.score(d.score),
          <Decide
            testId="merge"
            label={t('duplicates.merge')}
            onDecide={async (note) => {
              const survivorId = survivors[d.subject] ?? d.travellerIds[0]!;
              await api('POST', '/merges', { survivorId, mergedIds: d.travellerIds.filter((id) => id !== survivorId), note });
              reload();
            }}
          />,
          <Decide
            testId="distinct"
            label={t('duplicates.distinct')}
            onDecide={async (note) => {
              await api('POST', '/duplicates/decisions', { subject: d.subject, decision: 'distinct', note });
              reload();
            }}
          />,
        ])}
      />
      {opened && <CrossingRecord id={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}

export function QualityPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'mrz' | 'clock' | 'impossible'>('mrz');
  const [officers, setOfficers] = useState(false);
  const format = useFormat();
  // The crossing behind an item (its MRZ as read, its timings) opens beside the queue.
  const [opened, setOpened] = useState<string | null>(null);
  const { data, error, reload } = useLoad<{ items: { id: string; post_id: string; decided_at: string; surname: string; document_number: string; clock_offset_ms: number | null }[] }>(`/quality?kind=${kind}`);
  return (
    <section>
      <h2>{t('quality.title')}</h2>
      <nav className="tabs">
        {(['mrz', 'clock', 'impossible'] as const).map((k) => (
          <button key={k} className={k === kind && !officers ? 'active' : ''} onClick={() => { setKind(k); setOfficers(false); }}>
            {t(`quality.${k}`)}
          </button>
        ))}
        <button className={officers ? 'active' : ''} onClick={() => setOfficers(true)} data-testid="quality-officers">
          {t('officerActivity.tab')}
        </button>
      </nav>
      {officers && <OfficerActivityPanel />}
      {!officers && error && <p className="error">{error}</p>}
      {!officers && <Table
        testId="quality"
        loading={!data && !error}
        empty={data ? t('quality.none') : undefined}
        head={[t('crossings.when'), t('crossings.post'), t('crossings.name'), t('crossings.document'), t('posts.clock'), '']}
        rows={(data?.items ?? []).map((i) => [
          when(i.decided_at),
          i.post_id,
          <button className="link" onClick={() => setOpened(i.id)} data-testid="quality-crossing">{i.surname}</button>,
          i.document_number,
          i.clock_offset_ms === null ? '—' : `${format.offset(i.clock_offset_ms / 1000)} s`,
          <Decide
            testId="accept-quality"
            label={t('quality.accept')}
            onDecide={async (note) => {
              await api('POST', '/quality/decisions', { subject: i.id, decision: 'accepted', note });
              reload();
            }}
          />,
        ])}
      />}
      {opened && <CrossingRecord id={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
