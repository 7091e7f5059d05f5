/** Sign-in: works offline (checked against the credentials replicated to this station), language first. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, SessionInfo } from '@borderpost/contract';
import { useClient, useErrorText, useLocale } from '../app/services';
import { LanguagePicker } from '../components/LanguagePicker';

export function SignIn({ onSignedIn, onLocale, endedReason = null }: { onSignedIn: (session: SessionInfo) => void; onLocale: (locale: Locale) => void; endedReason?: string | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in" aria-labelledby={`${id}-title`}>
      <form
        className="sign-in__card"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          const result = await client['session.signIn']({ username: username.trim(), password, locale });
          setBusy(false);
          if (result.ok) onSignedIn(result.value);
          else setError(errorText(result.error));
        }}
      >
        <h1 id={`${id}-title`}>{t('app.name')}</h1>
        <p className="hint">{t('signIn.offline')}</p>
        {endedReason ? (
          <p className="banner banner--error" role="status">
            {t(`signIn.ended.${endedReason}`, { defaultValue: t('signIn.ended.other') })}
          </p>
        ) : null}
        <LanguagePicker onChange={onLocale} />
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('signIn.username')}</label>
          <input id={`${id}-user`} value={username} onChange={(event) => setUsername(event.target.value)} autoComplete="username" autoFocus dir="ltr" data-testid="username" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
          <input id={`${id}-password`} type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="current-password" dir="ltr" data-testid="password" />
        </div>
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy || username.trim() === '' || password === ''}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
