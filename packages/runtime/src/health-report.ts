import fs from 'node:fs';
import type { DeviceManager } from '@borderpost/devices';
import { type DeviceHealthDoc, newDeviceHealthId } from '@borderpost/schemas';
import { type Clock, systemClock } from '@borderpost/sync';

type DeviceEntry = DeviceHealthDoc['devices'][number];

/**
 * The station's attached devices as the device-health document states them. A device that never opened
 * or went away is `missing`, or `error` when it went away with a failure the technician should read.
 */
export function devicesForHealthReport(manager: Pick<DeviceManager, 'health' | 'config'>): DeviceEntry[] {
  return manager.health().map((health, i) => {
    const entry = manager.config.devices[i]!;
    const status: DeviceEntry['status'] =
      health.status === 'ok' || health.status === 'degraded' ? health.status : health.lastFailure ? 'error' : 'missing';
    return {
      kind: entry.role === 'mrz' ? 'mrz-reader' : 'fingerprint-scanner',
      model: `${entry.protocol} over ${entry.transport}`,
      status,
      ...(health.lastFailure && status !== 'ok' ? { lastError: `${health.lastFailure.code}: ${health.lastFailure.message}`.slice(0, 200) } : {}),
    };
  });
}

export interface HealthReporterOptions {
  postId: string;
  stationId: string;
  softwareVersion: string;
  /** Writes the document into the post database (which replicates it to central). */
  write: (doc: DeviceHealthDoc) => Promise<unknown>;
  devices: () => DeviceEntry[];
  /** Local changes central has not received yet (the sync scheduler's count). */
  pendingDocs: () => number;
  serverClockOffsetMs: () => number | null;
  /** The alert-list versions the station checks against, so central sees which posts hold which version. */
  listVersions?: () => Promise<Record<string, number>>;
  /** The folder whose disk fills up with the station's databases. */
  dataDir: string;
  /** A regular report this often (default 15 minutes: 96 small documents a day per station). */
  intervalMs?: number;
  /** A device status change reports sooner, but not more often than this (default 1 minute). */
  minGapMs?: number;
  clock?: Clock;
  onError?: (error: unknown) => void;
}

/**
 * Writes the station's `device-health` documents, which the console's "posts at a glance" shows: each
 * device's state, documents waiting to sync, free disk, software version and clock offset. One at start,
 * then on a timer, and soon after a device changes state — bounded so a flapping cable cannot flood the
 * post database. A failed write is reported, never thrown: health reports must not disturb the queue.
 */
export class HealthReporter {
  private readonly clock: Clock;
  private timer: unknown = null;
  private soonTimer: unknown = null;
  private lastReportAt = -Infinity;
  private stopped = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: HealthReporterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    this.stopped = false;
    this.reportNow();
  }

  /** A device changed state: report within `minGapMs`, once, however many changes come meanwhile. */
  deviceChanged(): void {
    if (this.stopped || this.soonTimer !== null) return;
    const wait = Math.max(0, this.lastReportAt + (this.options.minGapMs ?? 60_000) - this.clock.now());
    this.soonTimer = this.clock.setTimeout(() => {
      this.soonTimer = null;
      this.reportNow();
    }, wait);
  }

  /** Writes one report now and restarts the regular timer; resolves when it is written (or failed). */
  reportNow(): Promise<void> {
    if (this.stopped) return this.writing;
    this.lastReportAt = this.clock.now();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.reportNow();
    }, this.options.intervalMs ?? 15 * 60_000);
    const at = this.clock.now();
    this.writing = this.writing.then(() =>
      this.document(at)
        .then((doc) => this.options.write(doc))
        .then(
          () => undefined,
          (error: unknown) => (this.options.onError ?? ((e) => console.error('borderpost runtime: device-health report not written', e)))(error),
        ),
    );
    return this.writing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    if (this.soonTimer !== null) this.clock.clearTimeout(this.soonTimer);
    this.timer = this.soonTimer = null;
    await this.writing;
  }

  private async document(at: number): Promise<DeviceHealthDoc> {
    const { postId, stationId } = this.options;
    const offset = this.options.serverClockOffsetMs();
    const diskFreeBytes = freeBytes(this.options.dataDir);
    let listVersions: Record<string, number> | null = null;
    try {
      listVersions = this.options.listVersions ? await this.options.listVersions() : null;
    } catch {
      listVersions = null; // an index that cannot be read is not a reason to stay silent about the devices
    }
    return {
      _id: newDeviceHealthId(postId, stationId),
      type: 'device-health',
      postId,
      stationId,
      createdAt: new Date(at).toISOString(),
      devices: this.options.devices().slice(0, 20),
      pendingDocs: Math.max(0, Math.round(this.options.pendingDocs())),
      ...(diskFreeBytes !== null ? { diskFreeBytes } : {}),
      softwareVersion: this.options.softwareVersion.slice(0, 60),
      clock: { serverOffsetMs: offset === null || !Number.isFinite(offset) ? null : Math.round(offset) },
      ...(listVersions ? { listVersions } : {}),
    } as DeviceHealthDoc;
  }
}

function freeBytes(dir: string): number | null {
  try {
    const stats = fs.statfsSync(dir);
    return Math.max(0, Math.floor(Number(stats.bavail) * Number(stats.bsize)));
  } catch {
    return null; // unknown on this file system: the report leaves it out
  }
}
