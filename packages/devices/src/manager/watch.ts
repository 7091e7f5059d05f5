import { TypedEmitter } from '../events';
import type { EnumeratedDevice } from './enumerate';

export type DeviceWatcherEvents = {
  added: (device: EnumeratedDevice) => void;
  removed: (device: EnumeratedDevice) => void;
  error: (error: Error) => void;
};

/**
 * Notices devices plugged in or removed by polling an enumeration (serialport has no hot-plug events,
 * node-hid enumeration is costly: every few seconds is plenty for a technician's screen).
 */
export class DeviceWatcher extends TypedEmitter<DeviceWatcherEvents> {
  private known = new Map<string, EnumeratedDevice>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly enumerate: () => Promise<EnumeratedDevice[]>) {
    super();
  }

  /** One poll: emits the differences from the previous one. The first poll only records. */
  async poll(initial = false): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const now = new Map<string, EnumeratedDevice>((await this.enumerate()).map((d) => [`${d.kind}:${d.path}`, d]));
        if (!initial) {
          for (const [key, device] of now) if (!this.known.has(key)) this.emit('added', device);
          for (const [key, device] of this.known) if (!now.has(key)) this.emit('removed', device);
        }
        this.known = now;
      } catch (error) {
        this.emit('error', error as Error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async start(intervalMs = 2000): Promise<void> {
    await this.poll(true);
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get devices(): EnumeratedDevice[] {
    return [...this.known.values()];
  }
}
