import { Ef01Parser, encodeEf01, INSTRUCTION, PID } from '../framing/ef01';
import { createMemoryLink } from '../transport/memory';
import { startZfmEmulator } from './zfm';

describe('ZFM emulator, at the packet level', () => {
  async function exchange(bytes: Buffer): Promise<number[]> {
    const link = createMemoryLink();
    const emulator = startZfmEmulator({ transport: link.host });
    const parser = new Ef01Parser();
    const codes: number[] = [];
    link.device.on('data', (chunk) => {
      for (const e of parser.push(chunk)) if (e.type === 'packet' && e.packet.pid === PID.ack) codes.push(e.packet.payload[0]!);
    });
    await link.device.write(bytes);
    await new Promise((resolve) => setTimeout(resolve, 20));
    emulator.stop();
    return codes;
  }

  it('verifies the checksum of commands: a corrupted one gets confirmation 0x01', async () => {
    const good = encodeEf01({ pid: PID.command, payload: Buffer.from([INSTRUCTION.vfyPwd, 0, 0, 0, 0]) });
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x10;
    expect(await exchange(good)).toEqual([0x00]);
    expect(await exchange(bad)).toEqual([0x01]);
  });

  it('requires the password before anything else, and rejects a wrong one', async () => {
    expect(await exchange(encodeEf01({ pid: PID.command, payload: Buffer.from([INSTRUCTION.genImg]) }))).toEqual([0x21]);
    expect(await exchange(encodeEf01({ pid: PID.command, payload: Buffer.from([INSTRUCTION.vfyPwd, 0, 0, 0, 1]) }))).toEqual([0x13]);
  });
});
