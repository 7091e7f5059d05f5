import { randomBytes } from 'node:crypto';

/** Attachment sizes of a typical crossing: a face photo and two fingerprint images (~60 KB). */
export const SAMPLE_ATTACHMENT_SIZES = { 'face.jpg': 40_000, 'finger-right-index.png': 10_000, 'finger-left-index.png': 10_000 } as const;

/**
 * A crossing-shaped document (fields as in DOCS.md / `@borderpost/schemas`) with ~60 KB of random
 * image bytes, for tests and benchmarks. Random bytes so that nothing is deduplicated or compressed
 * that real photos would not be.
 */
export function sampleCrossing(index: number, options: { postId?: string; date?: string } = {}): Record<string, unknown> & { _id: string } {
  const postId = options.postId ?? 'post-1';
  const date = options.date ?? `2026-11-${String((index % 28) + 1).padStart(2, '0')}`;
  const documentNumber = `L${String(100000 + (index % 5000)).padStart(8, '0')}`;
  const at = `${date}T${String(index % 24).padStart(2, '0')}:00:00.000Z`;
  const attachments = Object.fromEntries(
    Object.entries(SAMPLE_ATTACHMENT_SIZES).map(([name, size]) => [
      name,
      { content_type: name.endsWith('.jpg') ? 'image/jpeg' : 'image/png', data: randomBytes(size) },
    ]),
  );
  return {
    _id: `crossing:${postId}:${String(index).padStart(10, '0')}`,
    type: 'crossing',
    postId,
    stationId: `${postId}-s1`,
    officerId: 'officer-7',
    direction: index % 2 === 0 ? 'entry' : 'exit',
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber,
      expiryDate: '2031-04-15',
      mrzLines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', `${documentNumber}<7UTO7408122F3104159ZE184226B<<<<<10`],
      checks: { documentNumber: true, birthDate: true, expiryDate: true, composite: true },
      valid: true,
      corrections: [],
      confirmedCorrections: [],
      source: 'reader',
    },
    traveller: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA', birthDate: '1974-08-12', sex: 'F', nationality: 'UTO' },
    biometrics: {
      fingers: [
        { position: 'right-index', quality: 71, attachment: 'finger-right-index.png' },
        { position: 'left-index', quality: 64, attachment: 'finger-left-index.png' },
      ],
      face: { present: true, attachment: 'face.jpg' },
    },
    checks: { hits: [], riskFlags: [], listVersions: { interpol: 12 } },
    decision: { outcome: 'admitted', at },
    travel: { purpose: 'tourism', transport: 'car', vehicle: 'AB-123-CD' },
    timings: { startedAt: at, decidedAt: at },
    clock: { stationTime: at, serverOffsetMs: null },
    _attachments: attachments,
  };
}
