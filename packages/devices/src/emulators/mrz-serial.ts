import { encodeCuteMrz } from '../framing/cute';
import { encodeLines } from '../framing/lines';
import { encodeRteMrz } from '../framing/rte';
import { seededRandom } from '../fingerprint/image';
import type { ByteTransport } from '../transport/types';
import type { FaultMode } from './faults';

export interface MrzEmulatorOptions {
  protocol: 'cute' | '3m' | 'lines';
  /** Where the emulated reader writes (the device end of a PTY pair, or a memory transport). */
  transport: ByteTransport;
  /** MRZ lines of the next document presented to the reader. */
  nextDocument: () => string[];
  /** A document every `intervalMs` (a queue of travellers). */
  intervalMs?: number;
  fault?: FaultMode;
  /** Called by the `unplug` fault to take the link down (closes socat). */
  unplug?: () => Promise<void> | void;
  seed?: number;
}

/** Bytes an MRZ reader of `protocol` sends for one document. */
export function mrzFrame(protocol: 'cute' | '3m' | 'lines', lines: string[]): Buffer {
  switch (protocol) {
    case 'cute':
      return encodeCuteMrz(lines);
    case '3m':
      return encodeRteMrz(lines);
    case 'lines':
      return encodeLines(lines);
  }
}

/**
 * An MRZ reader that "reads" a document every `intervalMs` and sends its real frame bytes; a fault mode
 * spoils them the way broken hardware does. Returns a stop function.
 */
export function startMrzEmulator(options: MrzEmulatorOptions): { stop: () => void; sent: () => number } {
  const rand = seededRandom(options.seed ?? 7);
  const fault = options.fault ?? 'none';
  let count = 0;
  let stopped = false;
  const send = (bytes: Uint8Array) => {
    if (!stopped && options.transport.isOpen) options.transport.write(bytes).catch(() => undefined);
  };
  const tick = () => {
    if (stopped || fault === 'silence') return;
    const frame = mrzFrame(options.protocol, options.nextDocument());
    count += 1;
    switch (fault) {
      case 'garbage': {
        const noise = Buffer.from(Array.from({ length: 5 + Math.floor(rand() * 20) }, () => Math.floor(rand() * 256)).filter((b) => b !== 0x02 && b !== 0x01));
        send(noise);
        // Only every other document survives the noise, so both paths are exercised.
        if (count % 2 === 0) send(frame);
        break;
      }
      case 'partial':
        send(count % 2 === 1 ? frame.subarray(0, Math.floor(frame.length / 2)) : frame);
        break;
      case 'bad-checksum': {
        const spoiled = Buffer.from(frame);
        if (options.protocol === '3m') spoiled[spoiled.length - 1] = spoiled[spoiled.length - 1]! ^ 0x5a;
        else spoiled[spoiled.length - 2] = 0x04; // ETX garbled into EOT: the frame never closes properly
        send(spoiled);
        break;
      }
      case 'unplug':
        send(frame.subarray(0, Math.floor(frame.length / 2)));
        stopped = true;
        setTimeout(() => void options.unplug?.(), 50);
        break;
      default:
        send(frame);
    }
  };
  const interval = setInterval(tick, options.intervalMs ?? 1000);
  const first = setTimeout(tick, Math.min(200, options.intervalMs ?? 1000));
  return {
    stop: () => {
      stopped = true;
      clearInterval(interval);
      clearTimeout(first);
    },
    sent: () => count,
  };
}
