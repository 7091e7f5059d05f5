/**
 * The officer workstation: sign-in → shift and lane → work (traveller, today's work, secondary
 * inspection, device manager for technicians), with the sync state always visible. Owns the wedge router
 * and the reader events, so a swipe reaches the traveller workflow from anywhere.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { ContractClient, Locale, SessionInfo, ShiftInfo, StationSettings } from '@borderpost/contract';
import type { SyncState } from '@borderpost/sync';
import type { FakeRuntime } from '../runtime/fake-runtime';
import { ServicesContext, useClient, useLocale } from './services';
import { applyDocumentLocale, LOCALES } from '../i18n';
import { formatTime } from '../i18n/format';
import { SHORTCUTS, useShortcuts } from './shortcuts';
import { useWedgeRouter } from './wedge-router';
import { SyncIndicator } from '../components/SyncIndicator';
import { LanguagePicker } from '../components/LanguagePicker';
import { Kbd } from '../components/Kbd';
import { SignIn } from '../screens/SignIn';
import { ShiftPicker } from '../screens/ShiftPicker';
import { Traveller, type IncomingDocument } from '../screens/Traveller';
import { TodaysWork } from '../screens/TodaysWork';
import { Secondary } from '../screens/Secondary';
import { RecordView } from '../screens/RecordView';
import { Acknowledgement } from '../screens/Acknowledgement';
import { Devices } from '../screens/Devices';
import { DevPanel } from '../screens/DevPanel';

type Screen = { name: 'traveller' } | { name: 'today' } | { name: 'secondary' } | { name: 'devices' } | { name: 'record'; crossingId: string; back: 'today' | 'secondary' } | { name: 'ack'; crossingId: string; back: Screen };

export interface AppProps {
  client: ContractClient;
  i18n: I18n;
  emulator?: FakeRuntime | null;
}

function Workstation({ session, onSignOut, onLocale, emulator }: { session: SessionInfo; onSignOut: () => void; onLocale: (locale: Locale) => void; emulator: FakeRuntime | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const locale = useLocale();
  const [shift, setShift] = useState<ShiftInfo | null>(null);
  // The runtime keeps an officer's open shift across sign-ins: no shift picker until it has said there is none.
  const [shiftChecked, setShiftChecked] = useState(false);
  const [laneName, setLaneName] = useState('');
  const [idleWarning, setIdleWarning] = useState<string | null>(null);
  const [training, setTraining] = useState(false);
  const [deviceProblems, setDeviceProblems] = useState<Record<string, string>>({});
  const [screen, setScreen] = useState<Screen>({ name: 'traveller' });
  const [sync, setSync] = useState<SyncState | null>(null);
  const [settings, setSettings] = useState<StationSettings | null>(null);
  const [incoming, setIncoming] = useState<IncomingDocument | null>(null);
  const seq = useRef(0);
  const isTechnician = session.roles.includes('technician') || session.roles.includes('admin');
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void client['sync.state']({}).then((result) => result.ok && setSync(result.value));
    void client['settings.get']({}).then((result) => {
      if (!result.ok) return;
      setSettings(result.value);
      setTraining(result.value.training);
    });
    void client['shift.current']({}).then((result) => {
      if (result.ok) setShift(result.value);
      setShiftChecked(true);
    });
    const stops = [
      client.on('sync.state', setSync),
      client.on('session.idleWarning', (event) => setIdleWarning(event.signOutAt)),
      client.on('app.training', (event) => setTraining(event.training)),
      // A reader or scanner unplugged or failing: the officer must know before the next swipe.
      client.on('device.status', (event) =>
        setDeviceProblems((current) => {
          const next = { ...current };
          if (event.state === 'connected') delete next[event.deviceId];
          else next[event.deviceId] = event.state;
          return next;
        }),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client]);

  // Activity keeps the session alive (the runtime signs out after its idle timeout); at most every 30 s.
  useEffect(() => {
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < 30_000) return;
      last = now;
      void client['session.touch']({});
    };
    window.addEventListener('keydown', onActivity, true);
    window.addEventListener('pointerdown', onActivity, true);
    return () => {
      window.removeEventListener('keydown', onActivity, true);
      window.removeEventListener('pointerdown', onActivity, true);
    };
  }, [client]);

  const staySignedIn = useCallback(() => {
    setIdleWarning(null);
    void client['session.touch']({});
  }, [client]);

  const routeDocument = useCallback((lines: string[], deviceId: string, receivedAt = performance.now()) => {
    seq.current += 1;
    setIncoming({ lines, deviceId, receivedAt, seq: seq.current });
    setScreen({ name: 'traveller' });
  }, []);

  useEffect(() => client.on('device.mrz', (event) => routeDocument(event.mrzLines, event.deviceId)), [client, routeDocument]);
  useWedgeRouter({ onMrz: (lines, _trusted, lastKeyAt) => routeDocument(lines, 'reader-wedge', lastKeyAt) }, shift !== null);

  const syncNow = useCallback(() => void client['sync.now']({}).then((result) => result.ok && setSync(result.value)), [client]);
  const go = (next: Screen) => {
    setScreen(next);
    // Focus the new screen's heading unless the screen already put focus on its first action.
    requestAnimationFrame(() => {
      const main = mainRef.current;
      if (main && !main.contains(document.activeElement)) main.querySelector<HTMLElement>('h2')?.focus();
    });
  };
  useShortcuts({
    traveller: () => go({ name: 'traveller' }),
    today: () => go({ name: 'today' }),
    secondary: () => go({ name: 'secondary' }),
    ...(isTechnician ? { devices: () => go({ name: 'devices' }) } : {}),
    syncNow,
    language: () => onLocale(LOCALES[(LOCALES.indexOf(locale) + 1) % LOCALES.length]!),
  });

  if (!shift && !shiftChecked) return null;
  if (!shift)
    return (
      <ShiftPicker
        onStarted={(started, name) => {
          setShift(started);
          setLaneName(name);
        }}
      />
    );

  const tabs: Array<{ name: 'traveller' | 'today' | 'secondary' | 'devices'; shortcut: 'traveller' | 'today' | 'secondary' | 'devices' }> = [
    { name: 'traveller', shortcut: 'traveller' },
    { name: 'today', shortcut: 'today' },
    { name: 'secondary', shortcut: 'secondary' },
    ...(isTechnician ? [{ name: 'devices' as const, shortcut: 'devices' as const }] : []),
  ];
  const active = screen.name === 'record' ? screen.back : screen.name === 'ack' ? 'traveller' : screen.name;

  return (
    <div className="app">
      {training ? (
        <div className="training-banner" role="note">
          {t('app.training')}
        </div>
      ) : null}
      {idleWarning ? (
        <div className="banner banner--error no-print" role="alert" data-testid="idle-warning">
          {t('app.idleWarning', { time: formatTime(idleWarning, locale) })}{' '}
          <button type="button" className="button button--small" onClick={staySignedIn} autoFocus>
            {t('app.staySignedIn')}
          </button>
        </div>
      ) : null}
      <header className="topbar no-print">
        <div className="topbar__who">
          <strong>{t('app.name')}</strong>
          <span>{t('app.who', { name: session.displayName, lane: laneName || shift.laneId, post: session.posts[0]?.name ?? shift.postId })}</span>
          {session.offline ? <span className="badge">{t('app.offlineSignIn')}</span> : null}
        </div>
        <nav aria-label={t('nav.label')} className="topbar__nav">
          {tabs.map((tab) => (
            <button key={tab.name} type="button" className="tab" aria-current={active === tab.name ? 'page' : undefined} onClick={() => go({ name: tab.name })} aria-keyshortcuts={SHORTCUTS[tab.shortcut]}>
              {t(`nav.${tab.name}`)} <Kbd name={tab.shortcut} />
            </button>
          ))}
        </nav>
        <SyncIndicator state={sync} onSyncNow={syncNow} />
        <div className="topbar__end">
          <LanguagePicker onChange={onLocale} compact />
          <Kbd name="language" />
          <button type="button" className="button button--small button--quiet" onClick={onSignOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main ref={mainRef} className="main">
        {screen.name === 'traveller' ? <Traveller incoming={incoming} settings={settings} deviceProblems={deviceProblems} onSaved={() => undefined} onPrint={(crossingId) => go({ name: 'ack', crossingId, back: { name: 'traveller' } })} /> : null}
        {screen.name === 'today' ? <TodaysWork onOpen={(crossingId) => go({ name: 'record', crossingId, back: 'today' })} /> : null}
        {screen.name === 'secondary' ? <Secondary onOpen={(crossingId) => go({ name: 'record', crossingId, back: 'secondary' })} /> : null}
        {screen.name === 'devices' && isTechnician ? <Devices /> : null}
        {screen.name === 'record' ? (
          <RecordView crossingId={screen.crossingId} reasonCodes={settings?.refusalReasonCodes ?? []} onPrint={(crossingId) => go({ name: 'ack', crossingId, back: screen })} onBack={() => go({ name: screen.back })} />
        ) : null}
        {screen.name === 'ack' ? <Acknowledgement crossingId={screen.crossingId} onBack={() => go(screen.back)} /> : null}
      </main>
      <footer className="shortcut-bar no-print" aria-label={t('shortcuts.label')}>
        <span>
          <Kbd name="manualMrz" /> {t('shortcuts.manualMrz')}
        </span>
        <span>
          <Kbd name="captureFinger" /> {t('shortcuts.captureFinger')}
        </span>
        <span>
          <Kbd name="photo" /> {t('shortcuts.photo')}
        </span>
        <span>
          <Kbd name="decision" /> {t('shortcuts.decision')}
        </span>
        <span>
          <Kbd name="save" /> {t('shortcuts.save')}
        </span>
        <span>
          <Kbd name="newTraveller" /> {t('shortcuts.newTraveller')}
        </span>
        {emulator ? <DevPanel runtime={emulator} /> : null}
      </footer>
    </div>
  );
}

export function App({ client, i18n, emulator = null }: AppProps) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [checked, setChecked] = useState(false);
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const [, setLanguage] = useState(i18n.language);

  const changeLocale = useCallback(
    (locale: Locale) => {
      void i18n.changeLanguage(locale);
      applyDocumentLocale(locale);
      setLanguage(locale);
      void client['session.setLocale']({ locale });
    },
    [client, i18n],
  );

  useEffect(() => {
    applyDocumentLocale(i18n.language as Locale);
    void client['session.current']({}).then((result) => {
      if (result.ok && result.value) {
        setSession(result.value);
        changeLocale(result.value.locale);
      }
      setChecked(true);
    });
    return client.on('session.ended', (event) => {
      setSession(null);
      setEndedReason(event.reason === 'signed-out' ? null : event.reason);
    });
  }, [client, i18n, changeLocale]);

  return (
    <I18nextProvider i18n={i18n}>
      <ServicesContext.Provider value={{ client, emulator }}>
        {!checked ? null : session ? (
          <Workstation
            key={session.officerId}
            session={session}
            emulator={emulator}
            onLocale={changeLocale}
            onSignOut={() => {
              void client['session.signOut']({});
              setSession(null);
            }}
          />
        ) : (
          <SignIn
            endedReason={endedReason}
            onSignedIn={(signedIn) => {
              setEndedReason(null);
              setSession(signedIn);
            }}
            onLocale={changeLocale}
          />
        )}
      </ServicesContext.Provider>
    </I18nextProvider>
  );
}
