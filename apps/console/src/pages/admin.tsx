import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Table, errorText, when } from '../components';

interface User {
  userId: string;
  name: string;
  role: string;
  disabledAt: string | null;
}
interface Station {
  stationId: string;
  postId: string;
  name: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

/** Administrators: console users (create, disable, reset) and stations (enrolment codes, revoke). */
export function AdminPage() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<User[]>([]);
  const [stations, setStations] = useState<Station[]>([]);
  const [message, setMessage] = useState('');
  const [form, setForm] = useState({ userId: '', name: '', role: 'supervisor', password: '' });
  const [postId, setPostId] = useState('');
  const [code, setCode] = useState<{ code: string; postId: string; expiresAt: string } | null>(null);
  const reload = useCallback(() => {
    api<{ users: User[] }>('GET', '/users').then((r) => setUsers(r.users), (e) => setMessage(errorText(e)));
    api<{ stations: Station[] }>('GET', '/stations').then((r) => setStations(r.stations), (e) => setMessage(errorText(e)));
  }, []);
  useEffect(reload, [reload]);
  const act = async (work: () => Promise<unknown>) => {
    setMessage('');
    try {
      await work();
      reload();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  return (
    <section>
      <h2>{t('admin.users')}</h2>
      {message && <p className="error">{message}</p>}
      <Table
        testId="users"
        head={[t('user'), t('lists.name'), t('admin.role'), '']}
        rows={users.map((u) => [
          u.userId,
          u.name,
          u.role,
          <button onClick={() => act(() => api('POST', `/users/${encodeURIComponent(u.userId)}`, { disabled: !u.disabledAt }))}>{u.disabledAt ? t('admin.enable') : t('admin.disable')}</button>,
        ])}
      />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => api('POST', '/users', form));
        }}
      >
        <label>
          {t('user')}
          <input value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} />
        </label>
        <label>
          {t('lists.name')}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('admin.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            <option value="supervisor">supervisor</option>
            <option value="analyst">analyst</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          {t('password')}
          <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>

      <h2>{t('admin.stations')}</h2>
      <Table
        testId="stations"
        head={[t('crossings.post'), t('admin.station'), t('posts.lastSync'), '']}
        rows={stations.map((s) => [
          s.postId,
          s.name,
          when(s.lastSeenAt),
          s.revokedAt ? `${t('admin.revoked')} ${when(s.revokedAt)}` : <button onClick={() => act(() => api('POST', `/stations/${encodeURIComponent(s.stationId)}/revoke`))}>{t('admin.revoke')}</button>,
        ])}
      />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => setCode(await api('POST', '/enrolment-codes', { postId })));
        }}
      >
        <label>
          {t('crossings.post')}
          <input value={postId} onChange={(e) => setPostId(e.target.value)} data-testid="code-post" />
        </label>
        <button type="submit" data-testid="create-code">
          {t('admin.code')}
        </button>
      </form>
      {code && (
        <p className="code" data-testid="enrolment-code">
          {t('admin.codeFor', { post: code.postId, expires: when(code.expiresAt) })} <strong>{code.code}</strong>
        </p>
      )}
    </section>
  );
}
