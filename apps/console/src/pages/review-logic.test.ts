/**
 * The pure logic behind the conflicts and stay-rules pages (the Chromium test drives the pages; these
 * pin the edge cases it does not reach: nested fields, fields present in one version only, overlaps).
 */
import { flatten, mergedBody } from './conflicts';
import { draftErrors, overlap } from './stay-rules';

describe('conflict versions', () => {
  const a = { _id: 'x', _rev: '2-a', type: 'crossing', decision: { outcome: 'admitted', note: 'checked' }, checks: { hits: [{ listId: 'w', score: 0.9 }] }, document: { mrzLines: ['AAA', 'BBB'] }, _attachments: { 'face.jpg': { content_type: 'image/jpeg', length: 10, digest: 'md5-1', stub: true } } };
  const b = { _id: 'x', _rev: '2-b', type: 'crossing', decision: { outcome: 'refused' }, checks: { hits: [{ listId: 'w', score: 0.7 }, { listId: 'v', score: 0.8 }] }, document: { mrzLines: ['AAA', 'BBC'] }, _attachments: { 'face.jpg': { content_type: 'image/jpeg', length: 10, digest: 'md5-1', stub: true } } };

  it('flattens to dotted paths: plain arrays on one line, objects in arrays by index, one line per attachment, no _rev', () => {
    const flat = flatten(a);
    expect([...flat.keys()]).toEqual(['_id', 'type', 'decision.outcome', 'decision.note', 'checks.hits[0].listId', 'checks.hits[0].score', 'document.mrzLines', '_attachments.face.jpg']);
    expect(flat.get('document.mrzLines')!.text).toBe('AAA | BBB');
    expect(flat.get('checks.hits[0].score')!.segments).toEqual(['checks', 'hits', 0, 'score']);
    expect(flat.get('_attachments.face.jpg')!.text).toBe('image/jpeg, 10 B, md5-1');
  });

  it('merges field by field on top of version 1: values copied from the picked version, a field absent there removed, no metadata', () => {
    const versions = [
      { rev: '2-a', doc: a },
      { rev: '2-b', doc: b },
    ];
    const picks = new Map<(string | number)[], number>([
      [['decision', 'outcome'], 1],
      [['decision', 'note'], 1], // absent from version 2: the merged version has no note
      [['checks', 'hits', 0, 'score'], 1],
      [['document', 'mrzLines'], 0],
    ]);
    const merged = mergedBody(versions, picks);
    expect(merged).toEqual({ type: 'crossing', decision: { outcome: 'refused' }, checks: { hits: [{ listId: 'w', score: 0.7 }] }, document: { mrzLines: ['AAA', 'BBB'] } });
    expect(a.decision.note).toBe('checked'); // the versions shown are not changed
    expect(mergedBody(versions, new Map([[['checks', 'hits', 1], 1]]))).toMatchObject({ checks: { hits: [{ listId: 'w', score: 0.9 }, { listId: 'v', score: 0.8 }] } });
  });
});

describe('stay rule drafts', () => {
  const draft = { id: 'nga-30', kind: 'fixed' as const, nationalities: 'nga, gha', visaTypes: '', maxDays: '30', windowDays: '' };

  it('accepts a good draft (codes in any case) and names every bad field', () => {
    expect(draftErrors(draft, ['default'])).toEqual({});
    expect(draftErrors({ ...draft, id: 'nga 30', nationalities: 'Nigeria', maxDays: '3651' }, [])).toEqual({ id: 'stayRules.errors.id', nationalities: 'stayRules.errors.nationalities', maxDays: 'stayRules.errors.maxDays' });
    expect(draftErrors(draft, ['nga-30'])).toEqual({ id: 'stayRules.errors.duplicate' });
    expect(draftErrors({ ...draft, kind: 'rolling', maxDays: '90', windowDays: '60' }, [])).toEqual({ windowDays: 'stayRules.errors.windowDays' });
    expect(draftErrors({ ...draft, kind: 'rolling', maxDays: '90', windowDays: '180' }, [])).toEqual({});
    expect(draftErrors({ ...draft, kind: 'exempt', maxDays: '' }, [])).toEqual({});
    expect(draftErrors({ ...draft, maxDays: '2.5' }, [])).toEqual({ maxDays: 'stayRules.errors.maxDays' });
    expect(draftErrors({ ...draft, visaTypes: 'DIP, <script>' }, [])).toEqual({ visaTypes: 'stayRules.errors.visaTypes' });
  });

  it('finds rules of the same precedence applying to the same people, not rules of different precedence', () => {
    const base = { id: 'default', match: {}, kind: 'rolling' as const, maxDays: 90, windowDays: 180 };
    expect(overlap([base, { id: 'a', match: { nationalities: ['NGA'] }, kind: 'exempt' }, { id: 'b', match: { nationalities: ['NGA'], visaTypes: ['DIP'] }, kind: 'exempt' }])).toBeNull();
    expect(overlap([base, { id: 'a', match: { nationalities: ['NGA', 'GHA'] }, kind: 'exempt' }, { id: 'b', match: { nationalities: ['GHA'] }, kind: 'exempt' }])).toEqual({ a: 'a', b: 'b', on: 'GHA' });
    expect(overlap([base, { ...base, id: 'other' }])).toEqual({ a: 'default', b: 'other', on: '' });
    expect(overlap([base, { id: 'a', match: { visaTypes: ['DIP'], nationalities: ['NGA'] }, kind: 'exempt' }, { id: 'b', match: { visaTypes: ['DIP'], nationalities: ['GHA'] }, kind: 'exempt' }])).toBeNull();
  });
});
