import fs from 'node:fs';
import path from 'node:path';
import {
  APP_ENTRY_URL,
  contentTypeFor,
  cspHeader,
  isAppUrl,
  isNavigationAllowed,
  isPermissionAllowed,
  isPermissionCheckAllowed,
  resolveAppAsset,
  windowOpenDecision,
  windowOptions,
  withCsp,
} from './security';

describe('window options', () => {
  it('locks the renderer down: context isolation, sandbox, no Node, no webview', () => {
    const prefs = windowOptions('/app/dist/preload.js').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('content security policy', () => {
  const policy = cspHeader();
  const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows nothing by default and nothing from the network', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('lets the webcam preview and captured images use blob:/data: only', () => {
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('replaces any CSP a response carried and keeps its other headers', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [policy] });
  });

  it('is the same policy in the placeholder page meta tag', () => {
    const html = fs.readFileSync(path.join(__dirname, '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(policy);
    expect(html).not.toMatch(/<script>|\son\w+="/); // no inline script or handlers
  });
});

describe('navigation and new windows', () => {
  it('allows only our own app URL', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('borderpost://app/index.html#/capture')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'borderpost://other/index.html',
      'borderpost://user:pw@app/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'not a url',
      '',
    ]) {
      expect(isNavigationAllowed(url)).toBe(false);
    }
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('grants the webcam (video only) to our page, and nothing else to anyone', () => {
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed({ permission, requestingUrl: APP_ENTRY_URL })).toBe(false);
    }
    expect(isPermissionCheckAllowed('media', 'borderpost://app', 'video')).toBe(true);
    expect(isPermissionCheckAllowed('media', 'borderpost://app', 'audio')).toBe(false);
    expect(isPermissionCheckAllowed('serial', 'borderpost://app')).toBe(false);
  });
});

describe('serving the renderer', () => {
  const root = path.resolve('/srv/renderer');

  it('maps app URLs to files under the renderer directory', () => {
    expect(resolveAppAsset(root, 'borderpost://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'borderpost://app/assets/app.js?v=1')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppAsset(root, 'borderpost://app/fonts/Noto%20Sans.woff2')).toBe(path.join(root, 'fonts', 'Noto Sans.woff2'));
  });

  it('refuses anything that leaves the directory or is not our scheme', () => {
    // plain dot segments are already collapsed by URL parsing: they stay inside the directory
    expect(resolveAppAsset(root, 'borderpost://app/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppAsset(root, 'borderpost://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    // encoded slashes survive URL parsing and are decoded by us: those must be caught
    for (const url of [
      'borderpost://app/..%2f..%2fetc%2fpasswd',
      'borderpost://app/a%5c..%5c..%5cwin.ini',
      'borderpost://app/a%00.js',
      'borderpost://app/%E0%A4%A',
      'borderpost://elsewhere/index.html',
      'file:///srv/renderer/index.html',
    ]) {
      expect(resolveAppAsset(root, url)).toBeNull();
    }
  });

  it('names content types for the files the UI ships', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });
});
