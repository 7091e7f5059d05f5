/**
 * The renderer's only door to the runtime: `window.borderpost`, typed by the contract (conventions §3).
 *
 * This file runs in a SANDBOXED preload, whose `require` knows only `electron` (and a few Node built-ins):
 * it must not import any other module at run time. The contract is imported for types only (erased), and
 * the channel names are repeated here (a test checks they match `protocol.ts`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ArgsOf, ContractBridge, HandlerName, Handlers } from '@borderpost/contract';

const INVOKE_CHANNEL = 'borderpost:invoke';
const EVENT_CHANNEL = 'borderpost:event';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`borderpost: listener for ${name} threw`, error);
    }
  }
});

const bridge = {
  // The whole IPC surface is this one channel; main checks the call name against the contract.
  invoke: <K extends HandlerName>(name: K, args: ArgsOf<K>) => ipcRenderer.invoke(INVOKE_CHANNEL, name, args) as ReturnType<Handlers[K]>,
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped = listener as Listener;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
} satisfies ContractBridge;

contextBridge.exposeInMainWorld('borderpost', bridge);
