import type { Session, WebContents } from 'electron';
import { hardenSession, hardenWebContents } from './harden';
import { cspHeader } from './security';

type AnyFn = (...args: never[]) => unknown;

/** A stand-in for Electron's Session that records the handlers main installs. */
function fakeSession() {
  const installed: Record<string, AnyFn> = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: AnyFn) => (installed.headers = listener) },
    setPermissionRequestHandler: (handler: AnyFn) => (installed.request = handler),
    setPermissionCheckHandler: (handler: AnyFn) => (installed.check = handler),
  };
  return { session: session as unknown as Session, installed: installed as Record<string, (...args: unknown[]) => unknown> };
}

function fakeContents() {
  const listeners: Record<string, (...args: unknown[]) => void> = {};
  let openHandler: (() => unknown) | undefined;
  const contents = {
    setWindowOpenHandler: (handler: () => unknown) => (openHandler = handler),
    on: (event: string, listener: (...args: unknown[]) => void) => (listeners[event] = listener),
  };
  return { contents: contents as unknown as WebContents, listeners, open: () => openHandler?.() };
}

function navigationEvent() {
  let prevented = false;
  return { event: { preventDefault: () => (prevented = true) }, prevented: () => prevented };
}

describe('hardenSession', () => {
  it('puts the CSP on every response', () => {
    const { session, installed } = fakeSession();
    hardenSession(session);
    let answer: unknown;
    installed.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response: unknown) => (answer = response));
    expect(answer).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [cspHeader()] } });
  });

  it('grants the webcam to our page and refuses the rest', () => {
    const { session, installed } = fakeSession();
    hardenSession(session);
    const ask = (permission: string, details: object) => {
      let granted: boolean | undefined;
      installed.request!(null, permission, (decision: boolean) => (granted = decision), details);
      return granted;
    };
    expect(ask('media', { requestingUrl: 'borderpost://app/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(ask('media', { requestingUrl: 'borderpost://app/index.html', mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(ask('serial', { requestingUrl: 'borderpost://app/index.html' })).toBe(false);
    expect(installed.check!(null, 'media', 'borderpost://app', { mediaType: 'video' })).toBe(true);
    expect(installed.check!(null, 'geolocation', 'borderpost://app', {})).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('denies new windows and blocks navigation, redirects and webviews', () => {
    const { contents, listeners, open } = fakeContents();
    hardenWebContents(contents);
    expect(open()).toEqual({ action: 'deny' });

    const away = navigationEvent();
    listeners['will-navigate']!(away.event, 'https://evil.example/');
    expect(away.prevented()).toBe(true);
    const reload = navigationEvent();
    listeners['will-navigate']!(reload.event, 'borderpost://app/index.html');
    expect(reload.prevented()).toBe(false);
    const redirect = navigationEvent();
    listeners['will-redirect']!(redirect.event, 'http://127.0.0.1:9/');
    expect(redirect.prevented()).toBe(true);
    const webview = navigationEvent();
    listeners['will-attach-webview']!(webview.event);
    expect(webview.prevented()).toBe(true);
  });
});
