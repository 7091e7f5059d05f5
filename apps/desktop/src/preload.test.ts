import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './protocol';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
let eventListener: ((event: unknown, name: unknown, payload: unknown) => void) | undefined;
let eventChannel: string | undefined;

jest.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: 'answer' });
    },
    on: (channel: string, listener: typeof eventListener) => {
      eventChannel = channel;
      eventListener = listener;
    },
  },
}));

interface Bridge {
  invoke(name: string, args: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

describe('preload bridge', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- load after the electron mock is in place
  beforeAll(() => require('./preload'));

  it('exposes exactly invoke and subscribe as window.borderpost', () => {
    expect(Object.keys(exposed)).toEqual(['borderpost']);
    expect(Object.keys(exposed.borderpost as object).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('sends every call over the one invoke channel', async () => {
    const bridge = exposed.borderpost as Bridge;
    await expect(bridge.invoke('sync.now', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([[INVOKE_CHANNEL, 'sync.now', {}]]);
  });

  it('fans events out to subscribers until they unsubscribe', () => {
    const bridge = exposed.borderpost as Bridge;
    expect(eventChannel).toBe(EVENT_CHANNEL);
    const seen: unknown[] = [];
    const stop = bridge.subscribe('sync.state', (payload) => seen.push(payload));
    eventListener!({}, 'sync.state', { status: { kind: 'up-to-date' } });
    eventListener!({}, 'device.mrz', { ignored: true });
    eventListener!({}, 42, {});
    stop();
    eventListener!({}, 'sync.state', { status: { kind: 'syncing' } });
    expect(seen).toEqual([{ status: { kind: 'up-to-date' } }]);
  });

  it('requires nothing but electron at run time (a sandboxed preload can load nothing else)', () => {
    const source = fs.readFileSync(path.join(__dirname, 'preload.ts'), 'utf8');
    const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const required = [...compiled.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
  });
});
