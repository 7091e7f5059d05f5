import { type Result, err } from '@borderpost/common';
import { isEventName, isHandlerName } from '@borderpost/contract';
import { type MainToRuntime, isRuntimeMessage } from './protocol';
import { type SyncSecretCodec } from './secret-codec';
import { answerSealRequest } from './secret-seal';

export interface RuntimeRelayOptions {
  /** Sends a message to the runtime utility process. */
  post: (message: MainToRuntime) => void;
  /** Forwards a runtime event to the renderer(s). */
  onEvent: (name: string, payload: unknown) => void;
  /**
   * Seals the runtime's secrets (Electron `safeStorage` through `safeStorageCodec`), which the utility
   * process cannot reach itself. Without it, seal requests are answered STATION_KEYCHAIN_UNAVAILABLE.
   */
  seal?: SyncSecretCodec | null;
  /** A call the runtime has not answered after this long fails with RUNTIME_TIMEOUT. */
  timeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface PendingCall {
  resolve: (result: Result<unknown>) => void;
  timer: unknown;
}

/**
 * The main process's half of the IPC relay: renderer → main → runtime and back. It only passes calls the
 * contract names (an allow-list, so a compromised renderer cannot reach anything else), matches answers
 * to calls by id, and always answers: if the runtime is not running, exits, or never answers, the caller
 * gets an error Result instead of a promise that hangs the UI.
 */
export class RuntimeRelay {
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private running = false;
  private readonly timeoutMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: RuntimeRelayOptions) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** The runtime process was started (its port can take messages). */
  runtimeStarted(): void {
    this.running = true;
  }

  /** The runtime process is gone: every call in flight fails now, later calls fail at once. */
  runtimeExited(code: number | null): void {
    this.running = false;
    for (const [id, call] of this.pending) {
      this.clearTimer(call.timer);
      call.resolve(err({ code: 'RUNTIME_EXITED', message: `the post runtime stopped (exit code ${code ?? 'unknown'}) before answering` }));
      this.pending.delete(id);
    }
  }

  invoke(name: unknown, args: unknown): Promise<Result<unknown>> {
    if (!isHandlerName(name)) return Promise.resolve(err({ code: 'CONTRACT_UNKNOWN_CALL', message: `no such call: ${String(name).slice(0, 80)}` }));
    if (!this.running) return Promise.resolve(err({ code: 'RUNTIME_NOT_READY', message: 'the post runtime is not running' }));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.setTimer(() => {
        this.pending.delete(id);
        resolve(err({ code: 'RUNTIME_TIMEOUT', message: `${name} got no answer within ${this.timeoutMs} ms` }));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      try {
        this.options.post({ type: 'invoke', id, name, args: args ?? {} });
      } catch (error) {
        // e.g. arguments that cannot be cloned (a function smuggled in by the renderer)
        this.clearTimer(timer);
        this.pending.delete(id);
        resolve(err({ code: 'CONTRACT_BAD_ARGS', message: `${name}: ${error instanceof Error ? error.message : String(error)}` }));
      }
    });
  }

  /** A message from the runtime process. Anything malformed is ignored (and reported by the caller's log). */
  handleRuntimeMessage(message: unknown): boolean {
    if (!isRuntimeMessage(message)) return false;
    if (message.type === 'ready') {
      this.running = true;
      return true;
    }
    if (message.type === 'seal') {
      this.options.post(answerSealRequest(this.options.seal ?? null, message));
      return true;
    }
    if (message.type === 'event') {
      if (!isEventName(message.name)) return false;
      this.options.onEvent(message.name, message.payload);
      return true;
    }
    const call = this.pending.get(message.id);
    if (!call) return false; // answered after its time-out: already failed
    this.pending.delete(message.id);
    this.clearTimer(call.timer);
    call.resolve(message.result);
    return true;
  }

  /** Calls still waiting for an answer (for tests and shutdown). */
  inFlight(): number {
    return this.pending.size;
  }
}
