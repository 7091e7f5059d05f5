import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Table, errorText, when } from '../components';

const ROLES = ['officer', 'supervisor', 'technician', 'admin'] as const;
type OfficerRole = (typeof ROLES)[number];

interface Officer {
  userId: string;
  name: string;
  roles: OfficerRole[];
  posts: string[];
  withdrawnPosts: string[];
  disabled: boolean;
  rev: string;
  passwordChangedAt: string | null;
  lastSignIn: { at: string; postId: string; stationId: string } | null;
}

/** Checkbox group for roles or posts (the choices are few: roles are four, posts are the country's). */
function Choices<T extends string>({ label, options, value, onChange, testId }: { label: string; options: readonly T[]; value: T[]; onChange: (next: T[]) => void; testId: string }) {
  return (
    <fieldset data-testid={testId} style={{ border: '1px solid #b8c2cc', borderRadius: 3, display: 'flex', gap: '0.6rem', flexWrap: 'wrap', fontSize: '0.85rem' }}>
      <legend>{label}</legend>
      {options.map((option) => (
        <span key={option} style={{ display: 'inline-flex', gap: '0.2rem', alignItems: 'center' }}>
          <input
            type="checkbox"
            id={`${testId}-${option}`}
            data-testid={`${testId}-${option}`}
            checked={value.includes(option)}
            onChange={(e) => onChange(e.target.checked ? [...value, option] : value.filter((v) => v !== option))}
          />
          <label htmlFor={`${testId}-${option}`} style={{ display: 'inline', fontSize: 'inherit' }}>
            {option}
          </label>
        </span>
      ))}
    </fieldset>
  );
}

/**
 * Officers, the post users who sign in offline at the stations (issue 9). Administrators create them,
 * change their roles and posts, reset passwords and disable them; supervisors see the list only. Every
 * change reaches a post at its next pull: the page says so, since an officer on a silent post keeps the
 * old state until then.
 */
export function OfficersPage({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [posts, setPosts] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState('');
  const [form, setForm] = useState<{ userId: string; name: string; roles: OfficerRole[]; posts: string[]; password: string }>({ userId: '', name: '', roles: ['officer'], posts: [], password: '' });
  const [editing, setEditing] = useState<{ officer: Officer; name: string; roles: OfficerRole[]; posts: string[]; password: string } | null>(null);

  const reload = useCallback(() => {
    api<{ officers: Officer[]; posts: string[] }>('GET', '/officers').then(
      (r) => {
        setOfficers(r.officers);
        setPosts(r.posts);
      },
      (e) => setMessage(errorText(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage('');
    setNotice('');
    try {
      await work();
      setNotice(done);
      reload();
      return true;
    } catch (e) {
      setMessage(errorText(e));
      return false;
    }
  };
  const path = (userId: string) => `/officers/${encodeURIComponent(userId)}`;

  return (
    <section>
      <h2>{t('officers.title')}</h2>
      <p className="empty">{t('officers.offlineNote')}</p>
      {message && (
        <p className="error" data-testid="officers-error">
          {message}
        </p>
      )}
      {notice && <p data-testid="officers-notice">{notice}</p>}
      <Table
        testId="officers"
        empty={t('officers.none')}
        head={[t('officers.userId'), t('officers.name'), t('officers.roles'), t('officers.posts'), t('officers.status'), t('officers.passwordChanged'), t('officers.lastSignIn'), ...(canManage ? [''] : [])]}
        rows={officers.map((o) => [
          o.userId,
          o.name,
          o.roles.join(', '),
          <>
            {o.posts.join(', ') || '—'}
            {o.withdrawnPosts.length > 0 && <div className="empty">{t('officers.withdrawn', { posts: o.withdrawnPosts.join(', ') })}</div>}
          </>,
          o.disabled ? <span className="badge silent">{t('officers.disabled')}</span> : <span className="badge ok">{t('officers.active')}</span>,
          when(o.passwordChangedAt),
          o.lastSignIn ? `${when(o.lastSignIn.at)} (${o.lastSignIn.postId})` : '—',
          ...(canManage
            ? [
                <span className="decide">
                  <button data-testid={`edit-${o.userId}`} onClick={() => setEditing({ officer: o, name: o.name, roles: o.roles, posts: o.posts, password: '' })}>
                    {t('officers.edit')}
                  </button>
                  <button
                    data-testid={`${o.disabled ? 'enable' : 'disable'}-${o.userId}`}
                    onClick={() => act(() => api('PATCH', path(o.userId), { disabled: !o.disabled, rev: o.rev }), o.disabled ? t('officers.enabledNotice', { user: o.userId }) : t('officers.disabledNotice', { user: o.userId }))}
                  >
                    {o.disabled ? t('officers.enable') : t('officers.disable')}
                  </button>
                </span>,
              ]
            : []),
        ])}
      />

      {canManage && editing && (
        <div className="record" data-testid="officer-edit">
          <header>
            <h3>{t('officers.editTitle', { user: editing.officer.userId })}</h3>
            <button onClick={() => setEditing(null)}>{t('crossings.close')}</button>
          </header>
          <label>
            {t('officers.name')}
            <input value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} data-testid="edit-name" />
          </label>
          <Choices label={t('officers.roles')} options={ROLES} value={editing.roles} onChange={(roles) => setEditing({ ...editing, roles })} testId="edit-roles" />
          <Choices label={t('officers.posts')} options={posts} value={editing.posts} onChange={(next) => setEditing({ ...editing, posts: next })} testId="edit-posts" />
          <p>
            <button
              data-testid="save-officer"
              disabled={editing.roles.length === 0 || editing.name.trim() === ''}
              onClick={async () => {
                if (await act(() => api('PATCH', path(editing.officer.userId), { name: editing.name.trim(), roles: editing.roles, posts: editing.posts, rev: editing.officer.rev }), t('officers.savedNotice', { user: editing.officer.userId }))) setEditing(null);
              }}
            >
              {t('officers.save')}
            </button>
          </p>
          <h3>{t('officers.reset')}</h3>
          <form
            className="filters"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await act(() => api('POST', `${path(editing.officer.userId)}/password`, { password: editing.password }), t('officers.resetNotice', { user: editing.officer.userId }))) setEditing(null);
            }}
          >
            <label>
              {t('officers.newPassword')}
              <input type="password" autoComplete="new-password" minLength={10} value={editing.password} onChange={(e) => setEditing({ ...editing, password: e.target.value })} data-testid="reset-password" />
            </label>
            <button type="submit" disabled={editing.password.length === 0} data-testid="reset-submit">
              {t('officers.reset')}
            </button>
          </form>
        </div>
      )}

      {canManage && (
        <>
          <h3>{t('officers.create')}</h3>
          <form
            className="filters"
            data-testid="officer-create"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await act(() => api('POST', '/officers', form), t('officers.createdNotice', { user: form.userId }))) setForm({ userId: '', name: '', roles: ['officer'], posts: [], password: '' });
            }}
          >
            <label>
              {t('officers.userId')}
              <input value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} pattern="[A-Za-z0-9._\-]{1,120}" required data-testid="new-user-id" />
            </label>
            <label>
              {t('officers.name')}
              <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required data-testid="new-name" />
            </label>
            <label>
              {t('officers.password')}
              <input type="password" autoComplete="new-password" minLength={10} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required data-testid="new-password" />
            </label>
            <Choices label={t('officers.roles')} options={ROLES} value={form.roles} onChange={(roles) => setForm({ ...form, roles })} testId="new-roles" />
            <Choices label={t('officers.posts')} options={posts} value={form.posts} onChange={(next) => setForm({ ...form, posts: next })} testId="new-posts" />
            <button type="submit" disabled={form.roles.length === 0} data-testid="create-officer">
              {t('officers.createButton')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
