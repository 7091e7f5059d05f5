/**
 * Applies the security decisions of `security.ts` to Electron objects. Typed against Electron's own
 * definitions, but taking the objects as parameters so tests can hand in fakes and prove every handler is
 * installed and does the right thing.
 */
import type { Session, WebContents } from 'electron';
import {
  isNavigationAllowed,
  isPermissionAllowed,
  isPermissionCheckAllowed,
  windowOpenDecision,
  withCsp,
} from './security';

type SessionHooks = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>;
type ContentsHooks = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** Session-wide: CSP on every response, permissions limited to the webcam for our own page. */
export function hardenSession(session: SessionHooks): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes as string[] | undefined) : undefined;
    callback(isPermissionAllowed({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionCheckAllowed(permission, requestingOrigin, 'mediaType' in details ? details.mediaType : undefined),
  );
}

/** Every web contents (windows, and anything that might be created later): no new windows, no navigation away. */
export function hardenWebContents(contents: ContentsHooks): void {
  contents.setWindowOpenHandler(() => windowOpenDecision());
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
