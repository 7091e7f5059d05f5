import { DeviceManager, type EnumerationResult, type StationDeviceConfig, enumerateDevices, validateStationConfig } from '@borderpost/devices';

export interface StationDevicesOptions {
  /** The manager the caller started from the saved configuration (or null: no devices yet). The caller stops it. */
  initial: DeviceManager | null;
  /** Builds a manager for a new configuration (tests inject serial bindings or fakes here). */
  create?: (config: StationDeviceConfig) => DeviceManager;
  /** What is plugged in (serial ports, HID devices, SBI services). */
  enumerate?: () => Promise<EnumerationResult>;
}

/**
 * The station's current DeviceManager, which a technician may replace while the station runs: assigning a
 * role or protocol to a device means a new configuration, and the manager opens ports once, at start. The
 * holder swaps managers (old one stopped first: a serial port opens exclusively) and tells subscribers,
 * so reads, fingerprint capture and health reports follow the new devices. Nothing is saved here —
 * `devices.saveConfiguration` writes the file the next start reads.
 */
export class StationDevices {
  private currentManager: DeviceManager | null;
  private readonly listeners = new Set<(manager: DeviceManager | null, previous: DeviceManager | null) => void>();
  private readonly created = new Set<DeviceManager>();
  private readonly create: (config: StationDeviceConfig) => DeviceManager;
  readonly enumerate: () => Promise<EnumerationResult>;

  constructor(options: StationDevicesOptions) {
    this.currentManager = options.initial;
    this.create = options.create ?? ((config) => new DeviceManager(config));
    this.enumerate = options.enumerate ?? (() => enumerateDevices());
  }

  get manager(): DeviceManager | null {
    return this.currentManager;
  }

  /** The configuration in force (an empty one when the station has no devices). */
  get config(): StationDeviceConfig {
    return this.currentManager?.config ?? { version: 1, devices: [] };
  }

  /** Called with the new manager after each swap (and null when the last device was unassigned). */
  subscribe(listener: (manager: DeviceManager | null, previous: DeviceManager | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates `config` (DEVICE_CONFIG_INVALID before anything is touched), stops the running manager, starts
   * the new one. A device that cannot open is retried by the manager like a replugged one, never thrown.
   */
  async replace(config: unknown): Promise<DeviceManager | null> {
    const valid = validateStationConfig(config);
    const next = valid.devices.length > 0 ? this.create(valid) : null;
    const previous = this.currentManager;
    if (previous) {
      await previous.stop();
      this.created.delete(previous);
    }
    if (next) {
      this.created.add(next);
      await next.start();
    }
    this.currentManager = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  /** Stops the managers this holder started (the initial one is the caller's). */
  async stop(): Promise<void> {
    this.listeners.clear();
    await Promise.all([...this.created].map((manager) => manager.stop()));
    this.created.clear();
  }
}
