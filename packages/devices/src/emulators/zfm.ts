import { Ef01Parser, type Ef01Packet, encodeEf01, INSTRUCTION, PID } from '../framing/ef01';
import { seededRandom, syntheticFingerprint } from '../fingerprint/image';
import { packImage4bit } from '../fingerprint/zfm';
import type { ByteTransport } from '../transport/types';
import type { FaultMode } from './faults';

export interface ZfmEmulatorOptions {
  transport: ByteTransport;
  /** `zfm`: 256×288 image, 128-byte packets; `r503`: 192×192, 256-byte packets, sends 0x55 when ready. */
  model?: 'zfm' | 'r503';
  /** GenImg answers "no finger" this many times before a finger is "placed". */
  fingerAfterPolls?: number;
  fault?: FaultMode;
  unplug?: () => Promise<void> | void;
  seed?: number;
  password?: number;
}

/**
 * A ZFM/R503 module: answers EF01 commands with real packets. Images are synthetic fingerprints,
 * a new one per capture.
 */
export function startZfmEmulator(options: ZfmEmulatorOptions): { stop: () => void; captures: () => number } {
  const model = options.model ?? 'zfm';
  const size = model === 'r503' ? { width: 192, height: 192 } : { width: 256, height: 288 };
  const packetSize = model === 'r503' ? 256 : 128;
  const fault = options.fault ?? 'none';
  const parser = new Ef01Parser();
  const rand = seededRandom(options.seed ?? 11);
  let polls = 0;
  let imageSeed: number | null = null;
  let captures = 0;
  let stopped = false;
  let verified = false;
  let baudN = 6;

  const write = (bytes: Buffer) => {
    if (!stopped && options.transport.isOpen) options.transport.write(bytes).catch(() => undefined);
  };
  const ack = (code: number, extra: Uint8Array = Buffer.alloc(0)) => write(encodeEf01({ pid: PID.ack, payload: Buffer.concat([Buffer.from([code]), extra]) }));

  const sendData = (data: Buffer) => {
    const packets: Buffer[] = [];
    for (let offset = 0; offset < data.length; offset += packetSize) {
      const last = offset + packetSize >= data.length;
      packets.push(encodeEf01({ pid: last ? PID.end : PID.data, payload: data.subarray(offset, offset + packetSize) }));
    }
    if (fault === 'bad-checksum') {
      const victim = packets[Math.floor(packets.length / 3)]!;
      victim[victim.length - 1] = victim[victim.length - 1]! ^ 0xff;
    }
    if (fault === 'partial' || fault === 'unplug') {
      for (const packet of packets.slice(0, Math.floor(packets.length / 2))) write(packet);
      if (fault === 'unplug') {
        stopped = true;
        setTimeout(() => void options.unplug?.(), 50);
      }
      return;
    }
    // Written in a few large writes: a PTY carries them at once, a real UART at its baud rate.
    write(Buffer.concat(packets));
  };

  const handle = (packet: Ef01Packet) => {
    if (packet.pid !== PID.command) return;
    const instruction = packet.payload[0];
    if (fault === 'garbage') write(Buffer.from(Array.from({ length: 3 + Math.floor(rand() * 10) }, () => Math.floor(rand() * 256)).filter((b) => b !== 0xef)));
    switch (instruction) {
      case INSTRUCTION.vfyPwd: {
        const given = packet.payload.length >= 5 ? packet.payload.readUInt32BE(1) : -1;
        verified = given === (options.password ?? 0);
        ack(verified ? 0x00 : 0x13);
        return;
      }
      case INSTRUCTION.readSysPara: {
        if (!verified) return ack(0x21);
        const p = Buffer.alloc(16);
        p.writeUInt16BE(0x0004, 0); // status: password verified
        p.writeUInt16BE(0x0000, 2); // system id
        p.writeUInt16BE(model === 'r503' ? 200 : 162, 4); // library capacity
        p.writeUInt16BE(3, 6); // security level
        p.writeUInt32BE(0xffffffff, 8); // address
        p.writeUInt16BE(model === 'r503' ? 3 : 2, 12); // packet size code
        p.writeUInt16BE(baudN, 14); // baud = N × 9600
        return ack(0x00, p);
      }
      case INSTRUCTION.genImg:
        if (!verified) return ack(0x21);
        polls += 1;
        if (polls <= (options.fingerAfterPolls ?? 3)) return ack(0x02);
        polls = 0;
        captures += 1;
        imageSeed = (options.seed ?? 1) * 1000 + captures;
        return ack(0x00);
      case INSTRUCTION.upImage: {
        if (imageSeed === null) return ack(0x15);
        ack(0x00);
        sendData(packImage4bit(syntheticFingerprint(size.width, size.height, imageSeed)));
        return;
      }
      case INSTRUCTION.img2Tz:
        return ack(imageSeed === null ? 0x15 : 0x00);
      case INSTRUCTION.upChar: {
        ack(0x00);
        const template = Buffer.alloc(model === 'r503' ? 1536 : 512);
        const r = seededRandom(imageSeed ?? 5);
        for (let i = 0; i < template.length; i++) template[i] = Math.floor(r() * 256);
        template.write('FMR\0', 0, 'latin1'); // modules with an ISO option send an FMR record; marks the bytes as a template
        sendData(template);
        return;
      }
      case INSTRUCTION.setSysPara: {
        if (!verified) return ack(0x21);
        const [param, value] = [packet.payload[1], packet.payload[2]];
        if (param === 4 && value !== undefined && value >= 1 && value <= 12) {
          baudN = value;
          return ack(0x00);
        }
        return ack(0x1a); // invalid register
      }
      case INSTRUCTION.templateNum:
        return ack(0x00, Buffer.from([0x00, 0x00]));
      default:
        return ack(0x01);
    }
  };

  const onData = (bytes: Buffer) => {
    if (stopped || fault === 'silence') return;
    for (const event of parser.push(bytes)) {
      if (event.type === 'packet') handle(event.packet);
      // A real module answers a corrupted command with confirmation 0x01 (packet receive error).
      else if (event.type === 'bad-checksum') ack(0x01);
    }
  };
  options.transport.on('data', onData);
  if (model === 'r503' && fault !== 'silence') write(Buffer.from([0x55]));
  return {
    stop: () => {
      stopped = true;
      options.transport.off('data', onData);
    },
    captures: () => captures,
  };
}
