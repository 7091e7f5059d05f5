import type { DeviceError } from '../errors';

export type HealthStatus = 'ok' | 'degraded' | 'offline' | 'unknown';

export interface DeviceHealth {
  id: string;
  status: HealthStatus;
  successes: number;
  failures: number;
  lastSuccessAt: string | null;
  lastFailure: { at: string; code: string; message: string } | null;
}

/**
 * Per-device health for the station's device-health document: a device that went away is offline; one
 * that fails often (misreads, checksum errors) is degraded, so a technician is called before the queue
 * grows.
 */
export class HealthTracker {
  private readonly devices = new Map<string, DeviceHealth & { recent: boolean[] }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  success(id: string): void {
    const h = this.entry(id);
    h.successes += 1;
    h.lastSuccessAt = this.now().toISOString();
    this.record(h, true);
  }

  failure(id: string, error: Pick<DeviceError, 'code' | 'message'>): void {
    const h = this.entry(id);
    h.failures += 1;
    h.lastFailure = { at: this.now().toISOString(), code: error.code, message: error.message };
    if (error.code === 'DEVICE_DISCONNECTED' || error.code === 'DEVICE_NOT_FOUND') {
      h.status = 'offline';
      h.recent = [];
      return;
    }
    this.record(h, false);
  }

  report(): DeviceHealth[] {
    return [...this.devices.values()].map(({ recent: _recent, ...rest }) => ({ ...rest }));
  }

  private record(h: DeviceHealth & { recent: boolean[] }, ok: boolean): void {
    h.recent.push(ok);
    if (h.recent.length > 20) h.recent.shift();
    const failures = h.recent.filter((r) => !r).length;
    // Three failures in the last twenty operations is not a bad day, it is a bad device or cable.
    h.status = failures >= 3 ? 'degraded' : 'ok';
  }

  private entry(id: string): DeviceHealth & { recent: boolean[] } {
    let h = this.devices.get(id);
    if (!h) {
      h = { id, status: 'unknown', successes: 0, failures: 0, lastSuccessAt: null, lastFailure: null, recent: [] };
      this.devices.set(id, h);
    }
    return h;
  }
}
