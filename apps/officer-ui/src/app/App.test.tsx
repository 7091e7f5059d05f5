/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createClient } from '@borderpost/contract';
import { App } from './App';
import { createI18n } from '../i18n';
import { FakeRuntime } from '../runtime/fake-runtime';

function renderApp() {
  const runtime = new FakeRuntime({ fingerDelayMs: 1, syncDelayMs: 1 });
  const i18n = createI18n('en');
  const view = render(<App client={createClient(runtime.transport)} i18n={i18n} emulator={runtime} />);
  return { runtime, i18n, view };
}

async function signIn(username: string, password: string) {
  const user = await screen.findByLabelText(/User name|Identifiant|اسم المستخدم/);
  fireEvent.change(user, { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/Password|Mot de passe|كلمة المرور/), { target: { value: password } });
  await act(async () => {
    fireEvent.submit(screen.getByLabelText(/Password|Mot de passe|كلمة المرور/).closest('form')!);
  });
}

afterEach(() => {
  document.documentElement.removeAttribute('dir');
  document.documentElement.removeAttribute('lang');
});

describe('language switch', () => {
  it('switches at sign-in: Arabic lays the document out right to left, French back left to right', async () => {
    renderApp();
    const picker = await screen.findByLabelText('Language');
    expect(document.documentElement.dir).toBe('ltr');
    await act(async () => {
      fireEvent.change(picker, { target: { value: 'ar' } });
    });
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(screen.getByRole('button', { name: 'تسجيل الدخول' })).toBeTruthy();
    expect(screen.getByText('يعمل تسجيل الدخول دون اتصال: تُتحقَّق كلمة المرور على محطة العمل هذه.')).toBeTruthy();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('اللغة'), { target: { value: 'fr' } });
    });
    expect(document.documentElement.dir).toBe('ltr');
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeTruthy();
  });

  it('signs in in the chosen language and switches again inside the app (Alt+L cycles)', async () => {
    const { runtime } = renderApp();
    const picker = await screen.findByLabelText('Language');
    await act(async () => {
      fireEvent.change(picker, { target: { value: 'fr' } });
    });
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Commencer le service' }));
    expect(await screen.findByText('Passez le passeport dans le lecteur')).toBeTruthy();
    const session = await createClient(runtime.transport)['session.current']({});
    expect(session.ok && session.value?.locale).toBe('fr');
    await act(async () => {
      fireEvent.keyDown(window, { key: 'l', code: 'KeyL', altKey: true });
    });
    expect(document.documentElement.dir).toBe('rtl');
    expect(screen.getByText('مرّر جواز السفر في القارئ')).toBeTruthy();
  });

  it('says why a sign-in failed, in the officer language', async () => {
    renderApp();
    await signIn('officer', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('Unknown user or wrong password.');
  });

  it('shows the device manager to technicians only', async () => {
    renderApp();
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Start shift' }));
    await screen.findByRole('navigation', { name: 'Screens' });
    expect(screen.queryByRole('button', { name: /Devices/ })).toBeNull();
    await act(async () => {
      fireEvent.keyDown(window, { key: 'F6' });
    });
    expect(screen.queryByTestId('devices')).toBeNull();
  });

  it('routes a reader swipe to the traveller workflow and shows the hit panel', async () => {
    const { runtime } = renderApp();
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Start shift' }));
    await screen.findByTestId('swipe-zone');
    await waitFor(() => expect(document.activeElement?.id).toBe('swipe-zone'));
    await act(async () => {
      runtime.swipe('expired');
    });
    await screen.findByRole('alertdialog');
    expect(screen.getByTestId('doc-surname').textContent).toBe('NDIAYE');
    expect(document.querySelector('[data-code="DOCUMENT_EXPIRED"]')?.textContent).toContain('Document expired on 15 Jan 2024');
    expect(screen.getByRole('alertdialog').textContent).toContain('Lost and stolen documents');
  });
});

describe('shift', () => {
  it('goes straight to work when the runtime still has the officer shift open (the lane picker never flashes)', async () => {
    const runtime = new FakeRuntime({ fingerDelayMs: 1, syncDelayMs: 1 });
    const client = createClient(runtime.transport);
    expect((await client['session.signIn']({ username: 'officer', password: 'officer' })).ok).toBe(true);
    const options = await client['shift.options']({});
    if (!options.ok) throw new Error(options.error.message);
    expect((await client['shift.start']({ postId: options.value.post.postId, laneId: options.value.lanes[0]!.laneId })).ok).toBe(true);
    let pickerShown = false;
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="start-shift"]')) pickerShown = true;
    });
    observer.observe(document.body, { childList: true, subtree: true });
    render(<App client={client} i18n={createI18n('en')} emulator={runtime} />);
    await screen.findByTestId('swipe-zone');
    observer.disconnect();
    expect(pickerShown).toBe(false);
  });
});

describe('children', () => {
  it('asks no fingerprints of a child and offers to link the accompanying adult crossed today', async () => {
    const { runtime } = renderApp();
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Start shift' }));
    await screen.findByTestId('swipe-zone');
    await act(async () => {
      runtime.swipe('minor');
    });
    expect(await screen.findByText('No fingerprints required for this traveller.')).toBeTruthy();
    const adult = (await screen.findByLabelText('Accompanying adult (crossing today)')) as HTMLSelectElement;
    await waitFor(() => expect(adult.options.length).toBeGreaterThan(1));
    expect(adult.options[1]!.textContent).toContain('MARTIN CLAIRE ANNE');
  });
});

describe('session', () => {
  it('warns before the idle sign-out, keeps the session on request, and says why it ended', async () => {
    const { runtime } = renderApp();
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Start shift' }));
    await screen.findByTestId('swipe-zone');
    await act(async () => {
      runtime.events.emit('session.idleWarning', { signOutAt: '2026-11-28T10:15:00Z', remainingMs: 60_000 });
    });
    expect(screen.getByTestId('idle-warning').textContent).toContain('No activity: you will be signed out at');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
    });
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    await act(async () => {
      runtime.events.emit('session.ended', { reason: 'idle' });
    });
    expect(await screen.findByText('You were signed out after a period without activity.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });
});

describe('devices', () => {
  it('tells the officer when the reader is unplugged, until it is back', async () => {
    const { runtime } = renderApp();
    await signIn('officer', 'officer');
    fireEvent.click(await screen.findByRole('button', { name: 'Start shift' }));
    await screen.findByTestId('swipe-zone');
    await act(async () => {
      runtime.setDeviceConnected('reader-cute', false);
    });
    expect(screen.getByTestId('device-problem').textContent).toBe('Device reader-cute is disconnected: check the cable, or type the document by hand.');
    await act(async () => {
      runtime.setDeviceConnected('reader-cute', true);
    });
    expect(screen.queryByTestId('device-problem')).toBeNull();
  });
});
