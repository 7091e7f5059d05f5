import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api';
import { Table, errorText } from '../components';

interface RiskProfile {
  profileId: string;
  name: string;
  action: 'flag' | 'refer';
  rule: Record<string, unknown>;
  effectiveFrom: string;
  effectiveTo?: string;
  posts?: string[];
}

interface ProfileStats {
  profileId: string;
  name: string | null;
  action: string | null;
  postId: string | null;
  period: string | null;
  flagged: number;
  admitted: number;
  refused: number;
  referred: number;
  secondary: { admitted: number; refused: number; pending: number };
  withAlertHit: number;
  refusedShare: number;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * Risk profiles (analysts): the profiles in force and their hit statistics — per profile, optionally per
 * post and per month or day — so an analyst can see whether a profile catches anything or only delays
 * travellers (GET /api/console/risk-profiles/stats).
 */
export function RiskProfilesPage() {
  const { t } = useTranslation();
  const [profiles, setProfiles] = useState<RiskProfile[]>([]);
  const [filters, setFilters] = useState({ from: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10), byPost: false, period: 'all' });
  const [stats, setStats] = useState<ProfileStats[] | null>(null);
  const [error, setError] = useState('');
  const reloadProfiles = useCallback(() => {
    api<{ profiles: RiskProfile[] }>('GET', '/risk-profiles').then((r) => setProfiles(r.profiles), (e) => setError(errorText(e)));
  }, []);
  useEffect(reloadProfiles, [reloadProfiles]);
  const [editing, setEditing] = useState<RiskProfile | null>(null);
  const load = useCallback(() => {
    api<{ stats: ProfileStats[] }>('GET', `/risk-profiles/stats${query({ from: filters.from, to: filters.to, byPost: filters.byPost || undefined, period: filters.period })}`).then(
      (r) => setStats(r.stats),
      (e) => setError(errorText(e)),
    );
  }, [filters]);
  useEffect(load, [load]);
  return (
    <section>
      <h2>{t('profiles.title')}</h2>
      {error && <p className="error">{error}</p>}
      <Table
        testId="profiles"
        empty={t('profiles.none')}
        head={[t('profiles.profile'), t('profiles.action'), t('profiles.rule'), t('profiles.effective'), t('profiles.posts'), '']}
        rows={profiles.map((p) => [
          `${p.name} (${p.profileId})`,
          t(`profiles.${p.action}`),
          <code>{JSON.stringify(p.rule)}</code>,
          `${p.effectiveFrom} → ${p.effectiveTo ?? '…'}`,
          p.posts?.join(', ') ?? t('profiles.allPosts'),
          <button onClick={() => setEditing(p)} data-testid={`edit-profile-${p.profileId}`}>
            {t('profiles.edit')}
          </button>,
        ])}
      />
      {!editing && (
        <button onClick={() => setEditing({ profileId: '', name: '', action: 'flag', rule: {}, effectiveFrom: new Date().toISOString().slice(0, 10) })} data-testid="new-profile">
          {t('profiles.new')}
        </button>
      )}
      {editing && (
        <ProfileForm
          profile={editing}
          onDone={() => {
            setEditing(null);
            reloadProfiles();
            load();
          }}
        />
      )}
      <h3>{t('profiles.stats')}</h3>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('crossings.from')}
          <input type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} data-testid="stats-from" />
        </label>
        <label>
          {t('crossings.to')}
          <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} data-testid="stats-to" />
        </label>
        <label>
          <input type="checkbox" checked={filters.byPost} onChange={(e) => setFilters({ ...filters, byPost: e.target.checked })} data-testid="stats-by-post" />
          {t('profiles.byPost')}
        </label>
        <select value={filters.period} onChange={(e) => setFilters({ ...filters, period: e.target.value })} data-testid="stats-period">
          <option value="all">{t('profiles.wholePeriod')}</option>
          <option value="month">{t('profiles.perMonth')}</option>
          <option value="day">{t('profiles.perDay')}</option>
        </select>
      </form>
      <p className="hint">{t('profiles.explain')}</p>
      {stats && (
        <Table
          testId="profile-stats"
          head={[
            t('profiles.profile'),
            ...(filters.byPost ? [t('crossings.post')] : []),
            ...(filters.period !== 'all' ? [t('profiles.period')] : []),
            t('profiles.flagged'),
            t('profiles.admitted'),
            t('profiles.refused'),
            t('profiles.referred'),
            t('profiles.secondary'),
            t('profiles.withHit'),
            t('profiles.refusedShare'),
          ]}
          rows={stats.map((s) => [
            s.name ? `${s.name} (${s.profileId})` : s.profileId,
            ...(filters.byPost ? [s.postId ?? '—'] : []),
            ...(filters.period !== 'all' ? [s.period ?? '—'] : []),
            s.flagged,
            s.admitted,
            s.refused,
            s.referred,
            s.referred === 0 ? '—' : t('profiles.secondaryOutcome', s.secondary),
            s.withAlertHit,
            s.flagged === 0 ? t('profiles.neverFired') : percent(s.refusedShare),
          ])}
        />
      )}
    </section>
  );
}

/** Create or replace a profile (PUT /risk-profiles/:id); the server checks the rule's shape and the dates. */
function ProfileForm({ profile, onDone }: { profile: RiskProfile; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    profileId: profile.profileId,
    name: profile.name,
    action: profile.action,
    effectiveFrom: profile.effectiveFrom,
    effectiveTo: profile.effectiveTo ?? '',
    posts: profile.posts?.join(', ') ?? '',
    rule: JSON.stringify(profile.rule, null, 1),
  });
  const [error, setError] = useState('');
  return (
    <form
      className="import"
      data-testid="profile-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        let rule: unknown;
        try {
          rule = JSON.parse(form.rule);
        } catch {
          setError(t('profiles.badRule'));
          return;
        }
        const posts = form.posts.split(',').map((p) => p.trim()).filter(Boolean);
        try {
          await api('PUT', `/risk-profiles/${encodeURIComponent(form.profileId)}`, {
            name: form.name,
            action: form.action,
            rule,
            effectiveFrom: form.effectiveFrom,
            ...(form.effectiveTo ? { effectiveTo: form.effectiveTo } : {}),
            ...(posts.length > 0 ? { posts } : {}),
          });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        {t('profiles.id')}
        <input value={form.profileId} disabled={profile.profileId !== ''} onChange={(e) => setForm({ ...form, profileId: e.target.value })} />
      </label>
      <label>
        {t('profiles.name')}
        <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </label>
      <label>
        {t('profiles.action')}
        <select value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value as RiskProfile['action'] })}>
          <option value="flag">{t('profiles.flag')}</option>
          <option value="refer">{t('profiles.refer')}</option>
        </select>
      </label>
      <label>
        {t('crossings.from')}
        <input type="date" value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} />
      </label>
      <label>
        {t('crossings.to')}
        <input type="date" value={form.effectiveTo} onChange={(e) => setForm({ ...form, effectiveTo: e.target.value })} />
      </label>
      <label>
        {t('profiles.posts')}
        <input value={form.posts} placeholder={t('profiles.allPosts')} onChange={(e) => setForm({ ...form, posts: e.target.value })} />
      </label>
      <label className="wide">
        {t('profiles.ruleHelp')}
        <textarea rows={4} value={form.rule} onChange={(e) => setForm({ ...form, rule: e.target.value })} />
      </label>
      <button type="submit">{t('profiles.save')}</button>
      <button type="button" onClick={onDone}>
        {t('profiles.cancel')}
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
