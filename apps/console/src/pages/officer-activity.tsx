import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Decide, Table, errorText, when } from '../components';

type Rule = 'hit-override' | 'unverified-document' | 'fast-decision';
interface Thresholds {
  windowDays: number;
  ratio: number;
  minExcess: number;
  minEvents: number;
  minBase: Record<Rule, number>;
  fastSeconds: number;
  enabled: Record<Rule, boolean>;
}
interface Item {
  subject: string;
  rule: Rule;
  postId: string;
  officerId: string;
  count: number;
  base: number;
  share: number;
  norm: number;
  normCount: number;
  normBase: number;
  normScope: 'post' | 'all-posts';
  explanation: string;
  decision: { decision: string; note: string; decidedBy: string; decidedAt: string } | null;
}

const DECISIONS = ['explained', 'addressed-with-officer', 'referred-for-investigation'] as const;
const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;

/**
 * The data-quality queue's unusual-officer-activity tab (GET /api/console/quality/officers): each item
 * says in words what the officer did against the post norm; a supervisor decides it with a note, and
 * may tune the thresholds (window, how far above the norm, the "rushed" time).
 */
export function OfficerActivityPanel() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'decided'>('open');
  const [data, setData] = useState<{ items: Item[]; thresholds: Thresholds; window: { from: string; to: string } } | null>(null);
  const [error, setError] = useState('');
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<Thresholds | null>(null);
  const reload = useCallback(() => {
    setError('');
    api<{ items: Item[]; thresholds: Thresholds; window: { from: string; to: string } }>('GET', `/quality/officers?status=${status}`).then(
      (r) => {
        setData(r);
        setDraft(r.thresholds);
      },
      (e) => setError(errorText(e)),
    );
  }, [status]);
  useEffect(reload, [reload]);
  const explain = (i: Item) =>
    t(`officerActivity.says.${i.rule}`, { officer: i.officerId, count: i.count, base: i.base, share: percent(i.share), seconds: data?.thresholds.fastSeconds ?? 0 }) +
    ' ' +
    t(i.normScope === 'post' ? 'officerActivity.normPost' : 'officerActivity.normAll', { norm: percent(i.norm), count: i.normCount, base: i.normBase, post: i.postId });
  return (
    <div data-testid="officer-activity">
      {data && (
        <p className="hint">
          {t('officerActivity.window', { from: when(data.window.from), to: when(data.window.to), ratio: data.thresholds.ratio, excess: Math.round(data.thresholds.minExcess * 100) })}
        </p>
      )}
      <nav className="tabs">
        {(['open', 'decided'] as const).map((s) => (
          <button key={s} className={s === status ? 'active' : ''} onClick={() => setStatus(s)} data-testid={`officer-activity-${s}`}>
            {t(`officerActivity.${s}`)}
          </button>
        ))}
      </nav>
      {error && <p className="error">{error}</p>}
      <Table
        testId="officer-items"
        empty={t('officerActivity.none')}
        head={[t('crossings.post'), t('crossings.officer'), t('officerActivity.rule'), t('officerActivity.what'), '']}
        rows={(data?.items ?? []).map((i) => [
          i.postId,
          i.officerId,
          t(`officerActivity.rules.${i.rule}`),
          explain(i),
          i.decision ? (
            `${t(`officerActivity.decisions.${i.decision.decision}`)} — ${i.decision.note} (${i.decision.decidedBy}, ${when(i.decision.decidedAt)})`
          ) : (
            <span>
              <select aria-label={t('officerActivity.decision')} value={choice[i.subject] ?? DECISIONS[0]} onChange={(e) => setChoice({ ...choice, [i.subject]: e.target.value })} data-testid="officer-decision">
                {DECISIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`officerActivity.decisions.${d}`)}
                  </option>
                ))}
              </select>
              <Decide
                testId="decide-officer"
                label={t('officerActivity.record')}
                onDecide={async (note) => {
                  await api('POST', '/quality/officers/decisions', { subject: i.subject, decision: choice[i.subject] ?? DECISIONS[0], note });
                  reload();
                }}
              />
            </span>
          ),
        ])}
      />
      {draft && (
        <details>
          <summary>{t('officerActivity.thresholds')}</summary>
          <form
            className="filters"
            onSubmit={async (e) => {
              e.preventDefault();
              try {
                await api('PUT', '/quality/officers/thresholds', { windowDays: draft.windowDays, ratio: draft.ratio, minExcess: draft.minExcess, minEvents: draft.minEvents, fastSeconds: draft.fastSeconds, minBase: draft.minBase, enabled: draft.enabled });
                reload();
              } catch (err) {
                setError(errorText(err));
              }
            }}
          >
            <label>
              {t('officerActivity.windowDays')}
              <input type="number" min={1} max={365} value={draft.windowDays} onChange={(e) => setDraft({ ...draft, windowDays: Number(e.target.value) })} />
            </label>
            <label>
              {t('officerActivity.ratio')}
              <input type="number" min={1} step={0.5} value={draft.ratio} onChange={(e) => setDraft({ ...draft, ratio: Number(e.target.value) })} />
            </label>
            <label>
              {t('officerActivity.excess')}
              <input type="number" min={0} max={100} value={Math.round(draft.minExcess * 100)} onChange={(e) => setDraft({ ...draft, minExcess: Number(e.target.value) / 100 })} />
            </label>
            <label>
              {t('officerActivity.minEvents')}
              <input type="number" min={1} value={draft.minEvents} onChange={(e) => setDraft({ ...draft, minEvents: Number(e.target.value) })} />
            </label>
            <label>
              {t('officerActivity.fastSeconds')}
              <input type="number" min={1} max={600} value={draft.fastSeconds} onChange={(e) => setDraft({ ...draft, fastSeconds: Number(e.target.value) })} />
            </label>
            {(Object.keys(draft.enabled) as Rule[]).map((rule) => (
              <label key={rule}>
                <input type="checkbox" checked={draft.enabled[rule]} onChange={(e) => setDraft({ ...draft, enabled: { ...draft.enabled, [rule]: e.target.checked } })} />
                {t(`officerActivity.rules.${rule}`)} ({t('officerActivity.minBase')} <input type="number" min={1} value={draft.minBase[rule]} onChange={(e) => setDraft({ ...draft, minBase: { ...draft.minBase, [rule]: Number(e.target.value) } })} />)
              </label>
            ))}
            <button type="submit">{t('officerActivity.save')}</button>
          </form>
        </details>
      )}
    </div>
  );
}
