import { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the shaper needs to know about the link at the moment data arrives. */
export interface ShapeParams {
  latencyMs: number;
  bytesPerSec: number | null;
}

interface Slice {
  data: Buffer;
  deliverAt: number;
}

/** Above this many bytes held in the shaper (or in the sink's buffer) the source is paused. */
const HIGH_WATER = 1 << 20;

/**
 * One direction of a proxied connection, modelled as a serial link: a slice starts "transmitting" when
 * the previous one finished (bandwidth), and arrives one-way-latency later. Data is sliced small enough
 * (~20 ms of transmission) that the cap holds smoothly rather than in bursts. Delivery order is kept even
 * when latency is lowered at run time. When the source reads faster than the link carries, it is paused
 * (TCP backpressure), so memory stays bounded and the sender sees a slow link, not a bottomless one.
 */
export class DirectionShaper {
  private readonly queue: Slice[] = [];
  private queuedBytes = 0;
  private txFreeAt = 0;
  private lastDeliverAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private cutPending = false;
  private ended = false;
  private closed = false;
  /** Bytes accepted from the source (for the cut point). */
  private accepted = 0;
  /** Bytes written to the sink: what went over "the wire". */
  delivered = 0;

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly params: () => ShapeParams,
    /** Byte count after which the connection is cut; read on every chunk so it can change at run time. */
    private readonly cutAt: () => number | null,
    private readonly onDelivered: (bytes: number) => void,
    private readonly onCut: () => void,
  ) {
    source.on('data', (chunk: Buffer) => this.accept(chunk));
    source.on('end', () => {
      this.ended = true;
      this.maybeFinish();
    });
    sink.on('drain', () => this.maybeResume());
  }

  /** Stops delivering (the connection is being torn down). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private accept(chunk: Buffer): void {
    if (this.closed || this.cutPending) return;
    const cutAt = this.cutAt();
    let data = chunk;
    if (cutAt !== null && this.accepted + data.length >= cutAt) {
      data = data.subarray(0, Math.max(0, cutAt - this.accepted));
      this.cutPending = true;
      this.source.pause();
    }
    this.accepted += data.length;
    const { latencyMs, bytesPerSec } = this.params();
    const sliceSize = bytesPerSec === null ? Math.max(data.length, 1) : Math.max(512, Math.floor(bytesPerSec / 50));
    const now = performance.now();
    for (let offset = 0; offset < data.length; offset += sliceSize) {
      const slice = data.subarray(offset, offset + sliceSize);
      const start = Math.max(now, this.txFreeAt);
      this.txFreeAt = bytesPerSec === null ? start : start + (slice.length * 1000) / bytesPerSec;
      const deliverAt = Math.max(this.txFreeAt + latencyMs, this.lastDeliverAt);
      this.lastDeliverAt = deliverAt;
      this.queue.push({ data: slice, deliverAt });
      this.queuedBytes += slice.length;
    }
    if (this.cutPending && data.length === 0) {
      // The cut falls exactly here: it must still wait for the bytes already in flight.
      this.queue.push({ data: Buffer.alloc(0), deliverAt: Math.max(this.lastDeliverAt, now + latencyMs) });
    }
    if (this.queuedBytes + this.sink.writableLength > HIGH_WATER) this.source.pause();
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    const head = this.queue[0];
    if (!head) return this.maybeFinish();
    this.timer = setTimeout(() => this.deliver(), Math.max(0, head.deliverAt - performance.now()));
  }

  private deliver(): void {
    this.timer = null;
    if (this.closed) return;
    const now = performance.now();
    while (this.queue[0] && this.queue[0].deliverAt <= now + 0.5) {
      const slice = this.queue.shift()!;
      this.queuedBytes -= slice.data.length;
      if (slice.data.length > 0) {
        this.sink.write(slice.data);
        this.delivered += slice.data.length;
        this.onDelivered(slice.data.length);
      }
    }
    if (this.cutPending && this.queue.length === 0) return this.onCut();
    this.maybeResume();
    this.arm();
  }

  private maybeResume(): void {
    if (this.closed || this.cutPending) return;
    if (this.queuedBytes + this.sink.writableLength <= HIGH_WATER / 2 && this.source.isPaused()) this.source.resume();
  }

  private maybeFinish(): void {
    // Half-close travels like data: only after everything before it has been delivered.
    if (this.ended && !this.cutPending && !this.closed && this.queue.length === 0 && !this.timer && !this.sink.writableEnded) this.sink.end();
  }
}
