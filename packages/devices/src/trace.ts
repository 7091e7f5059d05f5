import { toHex } from './bytes';

export interface TraceEntry {
  /** Milliseconds since the epoch. */
  at: number;
  /** `rx` bytes from the device, `tx` bytes to the device, `note` an event (open, close, misread). */
  direction: 'rx' | 'tx' | 'note';
  hex: string;
  text?: string;
}

/**
 * A bounded trace of the raw bytes exchanged with one device, for diagnostics ("show me what the
 * reader sent"). Bounded by total bytes kept, so a chatty device can never grow memory: the oldest
 * entries are dropped first and counted in `dropped`.
 */
export class ByteTrace {
  private readonly entries: TraceEntry[] = [];
  private bytesKept = 0;
  dropped = 0;

  constructor(
    readonly maxBytes = 64 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  rx(bytes: Uint8Array): void {
    this.push('rx', bytes);
  }

  tx(bytes: Uint8Array): void {
    this.push('tx', bytes);
  }

  note(text: string): void {
    this.entries.push({ at: this.now(), direction: 'note', hex: '', text });
    this.trim();
  }

  snapshot(): TraceEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** One line per entry: `2026-…Z rx 1c 02 50 3c …`, what a technician pastes into a ticket. */
  format(): string {
    return this.entries
      .map((e) => `${new Date(e.at).toISOString()} ${e.direction.padEnd(4)} ${e.direction === 'note' ? e.text : e.hex}`)
      .join('\n');
  }

  clear(): void {
    this.entries.length = 0;
    this.bytesKept = 0;
  }

  private push(direction: 'rx' | 'tx', bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // A single chunk larger than the whole budget keeps only its tail.
    const kept = bytes.length > this.maxBytes ? bytes.subarray(bytes.length - this.maxBytes) : bytes;
    if (kept.length < bytes.length) this.dropped += bytes.length - kept.length;
    this.entries.push({ at: this.now(), direction, hex: toHex(kept) });
    this.bytesKept += kept.length;
    this.trim();
  }

  private trim(): void {
    while (this.entries.length > 0 && (this.bytesKept > this.maxBytes || this.entries.length > 10_000)) {
      const first = this.entries.shift()!;
      const size = first.hex.length === 0 ? 0 : (first.hex.length + 1) / 3;
      this.bytesKept -= size;
      this.dropped += size;
    }
  }
}
