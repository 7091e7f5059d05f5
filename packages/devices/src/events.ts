import { EventEmitter } from 'node:events';

/**
 * A typed façade over EventEmitter: `on('document', (d) => …)` is checked against the driver's
 * event map, so the UI and the post runtime cannot subscribe to a misspelt event.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listener argument lists vary per event
export class TypedEmitter<Events extends Record<string, (...args: any[]) => void>> {
  private readonly emitter = new EventEmitter();

  on<K extends keyof Events & string>(event: K, listener: Events[K]): this {
    this.emitter.on(event, listener);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: Events[K]): this {
    this.emitter.once(event, listener);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: Events[K]): this {
    this.emitter.off(event, listener);
    return this;
  }

  listenerCount<K extends keyof Events & string>(event: K): number {
    return this.emitter.listenerCount(event);
  }

  protected emit<K extends keyof Events & string>(event: K, ...args: Parameters<Events[K]>): boolean {
    // 'error' without a listener would throw from EventEmitter and crash the process; a driver's
    // fault must never do that, so unheard errors are dropped (they are also in the trace).
    if (event === 'error' && this.emitter.listenerCount('error') === 0) return false;
    return this.emitter.emit(event, ...args);
  }
}
