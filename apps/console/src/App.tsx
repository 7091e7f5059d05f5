import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, onSessionEnded, setCsrfToken } from './api';
import { errorText } from './components';
import { CrossingsPage, PostsPage } from './pages/oversight';
import { DuplicatesPage, HitsPage, QualityPage, StaysPage } from './pages/reconcile';
import { ListsPage } from './pages/manage';
import { ReportsPage } from './pages/reports';
import { AdminPage } from './pages/admin';
import { ConflictsPage } from './pages/conflicts';
import { StayRulesPage } from './pages/stay-rules';
import { RiskProfilesPage } from './pages/risk-profiles';
import { OfficersPage } from './pages/officers';
import { LanguagePicker } from './language';

type Role = 'supervisor' | 'analyst' | 'admin';
interface Session {
  userId: string;
  role: Role;
  csrfToken: string;
}
type PageId = 'profiles' | 'officers' | 'admin' | 'posts' | 'crossings' | 'stays' | 'hits' | 'duplicates' | 'quality' | 'lists' | 'reports' | 'conflicts' | 'stayRules';

/** Which pages each role sees (the server enforces the same table: apps/server/src/supervisor/roles.ts). */
const PAGES: Record<Role, PageId[]> = {
  supervisor: ['posts', 'crossings', 'stays', 'hits', 'duplicates', 'quality', 'conflicts', 'stayRules', 'reports', 'officers'],
  analyst: ['crossings', 'hits', 'lists', 'stayRules', 'profiles', 'reports'],
  admin: ['posts', 'admin', 'stayRules', 'officers'],
};

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [page, setPage] = useState<PageId>('posts');
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    onSessionEnded(() => {
      setSession(null);
      setEnded(true);
    });
    return () => onSessionEnded(null);
  }, []);

  useEffect(() => {
    api<Session>('GET', '/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
        setPage(PAGES[s.role][0]!);
      })
      .catch(() => undefined)
      .finally(() => setChecked(true));
  }, []);

  if (!checked) return null;
  if (!session)
    return (
      <SignIn
        ended={ended}
        onSignedIn={(s) => {
          setEnded(false);
          setCsrfToken(s.csrfToken);
          setSession(s);
          setPage(PAGES[s.role][0]!);
        }}
      />
    );
  return (
    <div className="shell">
      <header>
        <h1>{t('title')}</h1>
        <span>{t('signedInAs', { user: session.userId, role: t(`values.${session.role}`) })}</span>
        <LanguagePicker />
        <button
          onClick={async () => {
            await api('DELETE', '/session').catch(() => undefined);
            setSession(null);
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <nav>
        {PAGES[session.role].map((id) => (
          <button key={id} className={id === page ? 'active' : ''} aria-current={id === page ? 'page' : undefined} onClick={() => setPage(id)} data-testid={`nav-${id}`}>
            {t(`nav.${id}`)}
          </button>
        ))}
      </nav>
      <main>
        {page === 'posts' && <PostsPage />}
        {page === 'crossings' && <CrossingsPage />}
        {page === 'stays' && <StaysPage />}
        {page === 'hits' && <HitsPage />}
        {page === 'duplicates' && <DuplicatesPage />}
        {page === 'quality' && <QualityPage />}
        {page === 'lists' && <ListsPage />}
        {page === 'reports' && <ReportsPage />}
        {page === 'admin' && <AdminPage />}
        {page === 'conflicts' && <ConflictsPage />}
        {page === 'stayRules' && <StayRulesPage canEdit={session.role !== 'analyst'} />}
        {page === 'profiles' && <RiskProfilesPage />}
        {page === 'officers' && <OfficersPage canManage={session.role === 'admin'} />}
      </main>
    </div>
  );
}

function SignIn({ onSignedIn, ended }: { onSignedIn: (session: Session) => void; ended: boolean }) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="sign-in"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          onSignedIn(await api<Session>('POST', '/session', { userId, password }));
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <h1>{t('title')}</h1>
      <LanguagePicker />
      {ended && <p className="notice" data-testid="session-ended">{t('sessionEnded')}</p>}
      <label>
        {t('user')}
        <input value={userId} onChange={(e) => setUserId(e.target.value)} autoComplete="username" data-testid="user" />
      </label>
      <label>
        {t('password')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="password" />
      </label>
      <button type="submit" data-testid="sign-in">
        {t('signIn')}
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
