import { toHex } from '../bytes';
import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import { CuteFramer, type CuteFraming } from '../framing/cute';
import { LineFramer } from '../framing/lines';
import { RteFramer } from '../framing/rte';
import type { Framer, FramerEvent, Misread, MrzProtocol, ReaderFrame } from '../framing/types';
import type { ByteTrace } from '../trace';
import type { ByteTransport } from '../transport/types';

/** One document as delivered by a reader: the MRZ lines and the exact bytes they came in. */
export interface MrzRead {
  protocol: MrzProtocol;
  lines: string[];
  raw: Buffer;
  rawHex: string;
  receivedAt: string;
}

export type MrzReaderEvents = {
  document: (read: MrzRead) => void;
  /** A magstripe or barcode frame from a combined reader. */
  otherFrame: (frame: Exclude<ReaderFrame, { kind: 'mrz' }>) => void;
  /** Bytes that did not make a document. The reader keeps running. */
  misread: (misread: Misread) => void;
  /** The reader stopped: unplugged (DEVICE_DISCONNECTED) or closed by us (null). */
  close: (reason: DeviceError | null) => void;
};

export interface MrzReaderOptions {
  protocol: 'cute' | '3m' | 'lines';
  /** Silence after which a line reader's document ends or a framed reader's half-frame is reported. */
  interByteTimeoutMs?: number;
  cuteFraming?: CuteFraming;
  trace?: ByteTrace;
}

export function framerFor(options: Pick<MrzReaderOptions, 'protocol' | 'cuteFraming'>): Framer {
  switch (options.protocol) {
    case 'cute':
      return new CuteFramer(options.cuteFraming);
    case '3m':
      return new RteFramer();
    case 'lines':
      return new LineFramer();
  }
}

/**
 * A serial MRZ reader (CUTE, 3M RTE or plain lines) over any ByteTransport. The reader sends data
 * unsolicited when a document is swiped; this class turns bytes into `document` / `misread` events
 * and never throws on what the device sends.
 */
export class MrzReader extends TypedEmitter<MrzReaderEvents> {
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly framer: Framer;
  private readonly interByteTimeoutMs: number;
  private closed = false;
  readonly stats = { documents: 0, misreads: 0, lastDocumentAt: null as string | null, lastMisread: null as Misread | null };

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: MrzReaderOptions,
  ) {
    super();
    this.framer = framerFor(options);
    // Line readers need a gap long enough to span a slow 9600-baud line yet short enough to feel
    // instant; 150 ms is ~140 characters at 9600 baud. Framed readers only use it for stalls.
    this.interByteTimeoutMs = options.interByteTimeoutMs ?? (options.protocol === 'lines' ? 150 : 1000);
    transport.on('data', this.onData);
    transport.on('close', this.onClose);
  }

  get protocol(): MrzProtocol {
    return this.options.protocol;
  }

  get isOpen(): boolean {
    return !this.closed && this.transport.isOpen;
  }

  /** Waits for the next document. Rejects with DEVICE_TIMEOUT, DEVICE_DISCONNECTED or DEVICE_CLOSED. */
  nextDocument(timeoutMs: number): Promise<MrzRead> {
    if (!this.isOpen) return Promise.reject(new DeviceError('DEVICE_CLOSED', `the ${this.protocol} reader is closed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new DeviceError('DEVICE_TIMEOUT', `no document read within ${Math.round(timeoutMs / 1000)} s`, { timeoutMs }));
      }, timeoutMs);
      const onDocument = (read: MrzRead) => {
        cleanup();
        resolve(read);
      };
      const onClose = (reason: DeviceError | null) => {
        cleanup();
        reject(reason ?? new DeviceError('DEVICE_CLOSED', `the ${this.protocol} reader was closed while waiting for a document`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('document', onDocument);
        this.off('close', onClose);
      };
      this.on('document', onDocument);
      this.on('close', onClose);
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
    this.onClose(null);
  }

  private readonly onData = (bytes: Buffer): void => {
    this.deliver(this.framer.push(bytes));
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.deliver(this.framer.idle()), this.interByteTimeoutMs);
  };

  private readonly onClose = (reason: DeviceError | null): void => {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    // Whatever was half-received when the link went is reported, not silently dropped.
    if (reason && this.framer.pending) {
      const held = this.framer.idle();
      // A line reader's document cut by an unplug is not a document: report its bytes as partial.
      this.deliver(
        this.options.protocol === 'lines'
          ? held.map((event): FramerEvent =>
              event.type === 'frame' ? { type: 'misread', misread: { reason: 'partial-frame', message: 'the link went away mid-document', raw: event.frame.raw } } : event,
            )
          : held,
      );
    } else if (!reason) {
      this.deliver(this.framer.idle());
    }
    this.closed = true;
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onClose);
    this.emit('close', reason);
  };

  private deliver(events: FramerEvent[]): void {
    for (const event of events) {
      if (event.type === 'misread') {
        this.stats.misreads += 1;
        this.stats.lastMisread = event.misread;
        this.emit('misread', event.misread);
      } else if (event.frame.kind === 'mrz') {
        this.stats.documents += 1;
        const receivedAt = new Date().toISOString();
        this.stats.lastDocumentAt = receivedAt;
        this.emit('document', { protocol: this.protocol, lines: event.frame.lines, raw: event.frame.raw, rawHex: toHex(event.frame.raw), receivedAt });
      } else {
        this.emit('otherFrame', event.frame);
      }
    }
  }
}
