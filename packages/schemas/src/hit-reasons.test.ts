import { exampleDocuments } from './examples/generate';
import type { KnownHitReason } from './hit-reasons';
import { checkPostDocument, validateDocument } from './validate';

/** One reason of every kind, as the matcher gives them (packages/matching MatchReason). */
const everyKind: KnownHitReason[] = [
  { kind: 'alias', index: 2 },
  { kind: 'name', travellerName: 'MOHAMED', listName: 'MUHAMMAD', relation: 'spelling-variant', nameClass: 'MUHAMMAD' },
  { kind: 'name', travellerName: 'DIALLO', listName: 'DIALLO', relation: 'exact' },
  { kind: 'name-unmatched', side: 'list', names: 'ALPHA' },
  { kind: 'birth-date', relation: 'day-month-swapped', traveller: '1985-05-06', list: '1985-06-05' },
  { kind: 'birth-date', relation: 'no-list-date' },
  { kind: 'birth-date', relation: 'year', traveller: '1985-05-06', list: '1985' },
  { kind: 'sex', relation: 'different', traveller: 'M', list: 'F' },
  { kind: 'nationality', relation: 'different', traveller: 'GIN', list: ['SEN', 'MLI'] },
  { kind: 'common-name' },
  { kind: 'document', relation: 'possible', documentType: 'P', travellerState: 'GIN', travellerNumber: 'G7654321', listState: 'GIN', listNumber: 'G765432I', differences: [{ position: 8, traveller: '1', list: 'I' }], stateDiffers: false },
];

describe('alert hit reasons on a stored crossing', () => {
  const [crossing] = exampleDocuments('crossing', { postId: 'p1', count: 1, seed: 3 }) as [Record<string, unknown> & { checks: Record<string, unknown> }];
  const withHit = (hit: Record<string, unknown>) => ({ ...crossing, checks: { ...crossing.checks, hits: [hit] } });
  const hit = { listId: 'national-watchlist', listVersion: 3, entryId: 'P-001', kind: 'person', score: 0.91, explanation: 'DIALLO = DIALLO; born 1985-05-06 = 1985-05-06' };

  it('keeps crossings recorded before reasons valid (explanation only)', () => {
    expect(checkPostDocument(withHit(hit), 'p1')).toEqual({ ok: true, type: 'crossing' });
  });

  it('accepts reasons of every kind the matcher gives', () => {
    expect(checkPostDocument(withHit({ ...hit, reasons: everyKind }), 'p1')).toEqual({ ok: true, type: 'crossing' });
    expect(checkPostDocument(withHit({ ...hit, reasons: [] }), 'p1')).toEqual({ ok: true, type: 'crossing' });
  });

  it('refuses malformed reasons of a known kind', () => {
    const malformed: unknown[] = [
      { kind: 'name', travellerName: 'DIALLO', listName: 'DIALLO', relation: 'looks-nice' },
      { kind: 'name', travellerName: 'DIALLO' },
      { kind: 'birth-date', relation: 'exact', traveller: '6 May 1985' },
      { kind: 'nationality', relation: 'same', traveller: 'GIN', list: 'GIN' },
      { kind: 'document', relation: 'exact', travellerState: 'GIN', travellerNumber: 'X', listState: 'GIN', listNumber: 'X', differences: [{ position: 0, traveller: 'a', list: 'b' }], stateDiffers: false },
      { kind: 'alias', index: -1 },
      { kind: '' },
      'DIALLO = DIALLO',
    ];
    for (const reason of malformed) expect({ reason, check: validateDocument(withHit({ ...hit, reasons: [reason] })).ok }).toEqual({ reason, check: false });
    expect(validateDocument(withHit({ ...hit, reasons: 'DIALLO = DIALLO' }))).toMatchObject({ ok: false, code: 'SCHEMA_INVALID' });
  });

  it('accepts a kind from a newer matcher (the crossing must still reach central), and extra fields', () => {
    expect(checkPostDocument(withHit({ ...hit, reasons: [{ kind: 'face-similarity', score: 0.7 }] }), 'p1')).toEqual({ ok: true, type: 'crossing' });
    expect(checkPostDocument(withHit({ ...hit, reasons: [{ kind: 'common-name', frequency: 0.02 }] }), 'p1')).toEqual({ ok: true, type: 'crossing' });
  });
});
