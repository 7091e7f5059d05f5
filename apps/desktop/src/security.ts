/**
 * Every security decision of the shell, as plain values and pure functions, so they are tested in plain
 * Node (conventions §4) and `main.ts` only wires them to Electron. Type-only import of Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { officerUiCsp } from '@borderpost/contract';
import path from 'node:path';

/** The renderer is served from our own privileged scheme, so it has a real origin for CSP 'self'. */
export const APP_SCHEME = 'borderpost';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The Content Security Policy for every document the window loads: the officer UI's one policy, shared
 * with browser mode (`@borderpost/contract`).
 */
export function cspHeader(): string {
  return officerUiCsp();
}

/** Adds the CSP to a response's headers (used for every response the session sees). */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue; // ours replaces any other
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [cspHeader()];
  return result;
}

/** The officer window: locked down (conventions §4). */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: process.env.BORDERPOST_DEVTOOLS === '1',
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs of our own app (scheme and host), the only place the window may ever be. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/**
 * `will-navigate` / `will-redirect`: the officer UI is a single page; a navigation away from it (a link
 * in a traveller's data, a dropped file, a hostile redirect) is never wanted. Reloading our own page is.
 */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** `setWindowOpenHandler`: no new windows, ever (printing uses webContents.print, not window.open). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

export interface PermissionRequest {
  permission: string;
  requestingUrl: string | undefined;
  /** For 'media': what is asked for. */
  mediaTypes?: string[];
}

/**
 * Only what the UI needs: the webcam (video, no microphone) for the face photo, asked by our own page.
 * Devices (readers, scanners) never go through the renderer: they belong to the runtime process.
 */
export function isPermissionAllowed(request: PermissionRequest): boolean {
  if (!isAppUrl(request.requestingUrl)) return false;
  if (request.permission === 'media') {
    const types = request.mediaTypes ?? [];
    return types.length > 0 && types.every((type) => type === 'video');
  }
  return false;
}

/** Synchronous permission checks (`setPermissionCheckHandler`): same rule, media type given separately. */
export function isPermissionCheckAllowed(permission: string, requestingOrigin: string, mediaType?: string): boolean {
  if (!isAppUrl(requestingOrigin)) return false;
  return permission === 'media' && mediaType === 'video';
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
};

export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app URL to a file under the renderer directory; null for anything else — other schemes or
 * hosts, and any path that would leave the directory (`..`, encoded `%2e%2e`, backslashes, NUL).
 */
export function resolveAppAsset(rendererRoot: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const parsed = parse(url)!;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererRoot);
  const resolved = path.resolve(root, relative);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  return resolved;
}
