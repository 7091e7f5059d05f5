import type { DeviceError } from '../errors';
import type { Misread } from '../framing/types';
import { type MrzRead, MrzReader } from '../mrz-readers/reader';
import { createMemoryLink } from '../transport/memory';
import { syntheticDocuments } from './documents';
import type { FaultMode } from './faults';
import { startMrzEmulator } from './mrz-serial';

/** Runs an MRZ emulator with a fault for a while and collects what the reader made of it. */
async function observe(protocol: 'cute' | '3m' | 'lines', fault: FaultMode, ms = 1000) {
  const link = createMemoryLink();
  const reader = new MrzReader(link.host, { protocol, interByteTimeoutMs: 40 });
  const documents: MrzRead[] = [];
  const misreads: Misread[] = [];
  let closed: DeviceError | null | undefined;
  reader.on('document', (d) => documents.push(d));
  reader.on('misread', (m) => misreads.push(m));
  reader.on('close', (reason) => (closed = reason));
  const emulator = startMrzEmulator({ protocol, transport: link.device, fault, nextDocument: syntheticDocuments(3), intervalMs: 100, unplug: link.unplug });
  await new Promise((resolve) => setTimeout(resolve, ms));
  emulator.stop();
  await reader.close();
  return { documents, misreads, closed };
}

describe('MRZ emulator fault modes, as a reader sees them', () => {
  it.each(['cute', '3m'] as const)('%s garbage: misreads, and the documents between them still arrive', async (protocol) => {
    const { documents, misreads } = await observe(protocol, 'garbage');
    expect(misreads.some((m) => m.reason === 'garbage')).toBe(true);
    expect(documents.length).toBeGreaterThanOrEqual(1);
  });

  it.each(['cute', '3m'] as const)('%s partial: cut frames are misreads, whole ones are documents', async (protocol) => {
    const { documents, misreads } = await observe(protocol, 'partial');
    expect(misreads.some((m) => m.reason === 'partial-frame')).toBe(true);
    expect(documents.length).toBeGreaterThanOrEqual(1);
  });

  it('3m bad-checksum: every frame is a bad-checksum misread, never a document', async () => {
    const { documents, misreads } = await observe('3m', 'bad-checksum');
    expect(documents).toEqual([]);
    expect(misreads.length).toBeGreaterThanOrEqual(2);
    expect(misreads.every((m) => m.reason === 'bad-checksum')).toBe(true);
  });

  it('cute bad-checksum (garbled ETX): no document, only misreads', async () => {
    const { documents, misreads } = await observe('cute', 'bad-checksum');
    expect(documents).toEqual([]);
    expect(misreads.length).toBeGreaterThanOrEqual(1);
  });

  it('silence: nothing at all', async () => {
    const { documents, misreads } = await observe('lines', 'silence', 300);
    expect([documents, misreads]).toEqual([[], []]);
  });

  it.each(['cute', '3m', 'lines'] as const)('%s unplug: half a frame, reported, then DEVICE_DISCONNECTED', async (protocol) => {
    const { documents, misreads, closed } = await observe(protocol, 'unplug', 400);
    expect(documents).toEqual([]);
    expect(misreads.some((m) => m.reason === 'partial-frame')).toBe(true);
    expect(closed).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });
});
