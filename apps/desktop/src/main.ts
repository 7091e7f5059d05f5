/**
 * The Electron main process: a thin shell (conventions §2) — windows, security, and the IPC relay to the
 * post runtime in a utilityProcess. Every decision lives in `security.ts` / `harden.ts` / `relay.ts`,
 * tested in plain Node; this file only wires them to Electron.
 */
import { BrowserWindow, app, ipcMain, net, protocol, safeStorage, session, utilityProcess, type UtilityProcess } from 'electron';
import { err } from '@borderpost/common';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hardenSession, hardenWebContents } from './harden';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './protocol';
import { RuntimeRelay } from './relay';
import { safeStorageCodec } from './secret-codec';
import { APP_ENTRY_URL, APP_SCHEME, contentTypeFor, cspHeader, isAppUrl, resolveAppAsset, windowOptions } from './security';

const appRoot = path.resolve(__dirname, '..');
const rendererRoot = process.env.BORDERPOST_RENDERER_DIR ?? path.join(appRoot, 'renderer');
const preloadPath = path.join(__dirname, 'preload.js');
const runtimeEntry = path.join(__dirname, 'runtime', 'entry.js');

// Must happen before `ready`: our scheme behaves like https (secure context for getUserMedia, an origin for CSP).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let runtime: UtilityProcess | null = null;
const relay = new RuntimeRelay({
  post: (message) => runtime?.postMessage(message),
  // The runtime's secrets file is sealed by the OS keychain; only main can use safeStorage (after ready).
  seal: safeStorageCodec(safeStorage),
  onEvent: (name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNEL, name, payload);
  },
});

function startRuntime(): void {
  runtime = utilityProcess.fork(runtimeEntry, [], {
    serviceName: 'Borderpost post runtime',
    stdio: 'inherit',
    env: { ...process.env, BORDERPOST_DATA_DIR: process.env.BORDERPOST_DATA_DIR ?? path.join(app.getPath('userData'), 'post') },
  });
  relay.runtimeStarted();
  runtime.on('message', (message: unknown) => {
    if (!relay.handleRuntimeMessage(message)) console.warn('borderpost: ignored a malformed message from the runtime');
  });
  runtime.on('exit', (code) => {
    runtime = null;
    relay.runtimeExited(code);
  });
  // Electron reports connectivity without an event: poll it and tell the runtime when it changes, so
  // sync waits while offline and runs as soon as the link returns.
  let lastOnline: boolean | null = null;
  const poll = setInterval(() => {
    const online = net.isOnline();
    if (online === lastOnline || !runtime) return;
    lastOnline = online;
    runtime.postMessage({ type: 'connectivity', online });
  }, 5_000);
  runtime.once('exit', () => clearInterval(poll));
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererRoot, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return new Response('not found', { status: 404 });
    return new Response(response.body, {
      status: 200,
      headers: { 'content-type': contentTypeFor(file), 'content-security-policy': cspHeader(), 'x-content-type-options': 'nosniff' },
    });
  });
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer();
  ipcMain.handle(INVOKE_CHANNEL, (event, name: unknown, args: unknown) => {
    // Only our own page may call the runtime (not an iframe or a page that got navigated somewhere).
    if (!isAppUrl(event.senderFrame?.url)) return err({ code: 'IPC_UNTRUSTED_SENDER', message: 'calls are accepted from the Borderpost app only' });
    return relay.invoke(name, args);
  });
  startRuntime();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  runtime?.postMessage({ type: 'shutdown' });
});
