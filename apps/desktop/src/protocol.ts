/**
 * Messages between the main process and the runtime utility process (over Electron's parentPort).
 * Plain JSON, like everything else that crosses a process boundary.
 */
import { type Result } from '@borderpost/common';

export type MainToRuntime =
  | { type: 'invoke'; id: number; name: string; args: unknown }
  | { type: 'connectivity'; online: boolean }
  /** Main's answer to a `seal` request: the sealed/unsealed bytes (base64) or why not. */
  | { type: 'sealed'; id: number; result: Result<string> }
  | { type: 'shutdown' };

export type RuntimeToMain =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown }
  /** The runtime asks main to seal (encrypt) or unseal (decrypt) its secrets with `safeStorage` (base64 bytes). */
  | { type: 'seal'; id: number; op: 'encrypt' | 'decrypt'; data: string }
  | { type: 'ready' };

/** IPC channels between main and the renderer's preload. */
export const INVOKE_CHANNEL = 'borderpost:invoke';
export const EVENT_CHANNEL = 'borderpost:event';

export function isRuntimeMessage(value: unknown): value is RuntimeToMain {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown; name?: unknown; result?: unknown };
  if (message.type === 'ready') return true;
  if (message.type === 'result') return typeof message.id === 'number' && typeof message.result === 'object' && message.result !== null;
  if (message.type === 'event') return typeof message.name === 'string';
  if (message.type === 'seal') {
    const seal = value as { op?: unknown; data?: unknown };
    return typeof message.id === 'number' && (seal.op === 'encrypt' || seal.op === 'decrypt') && typeof seal.data === 'string';
  }
  return false;
}
