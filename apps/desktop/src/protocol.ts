/**
 * Messages between the main process and the runtime utility process (over Electron's parentPort).
 * Plain JSON, like everything else that crosses a process boundary.
 */
import { type Result } from '@borderpost/common';

export type MainToRuntime =
  | { type: 'invoke'; id: number; name: string; args: unknown }
  | { type: 'connectivity'; online: boolean }
  | { type: 'shutdown' };

export type RuntimeToMain =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown }
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
  return false;
}
