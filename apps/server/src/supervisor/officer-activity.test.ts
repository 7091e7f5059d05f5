import fc from 'fast-check';
import { DEFAULT_OFFICER_THRESHOLDS, type OfficerCounts, mergeThresholds, parseOfficerSubject, unusualOfficerActivity } from './officer-activity';

const officer = (postId: string, officerId: string, counts: Partial<OfficerCounts>): OfficerCounts => ({
  postId,
  officerId,
  crossings: 100,
  admitted: 95,
  hitCrossings: 10,
  hitAdmitted: 1,
  unverifiedAdmitted: 2,
  fast: 1,
  ...counts,
});

describe('unusual officer activity rules', () => {
  const post = [officer('north', 'a', {}), officer('north', 'b', {}), officer('north', 'c', {})];

  it('flags nobody at a post where everyone works alike', () => {
    expect(unusualOfficerActivity(post, DEFAULT_OFFICER_THRESHOLDS)).toEqual([]);
  });

  it('flags hit overrides far above the other officers of the post, with the explanation a supervisor reads', () => {
    const items = unusualOfficerActivity([...post, officer('north', 'x', { hitCrossings: 9, hitAdmitted: 7 })], DEFAULT_OFFICER_THRESHOLDS);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ rule: 'hit-override', officerId: 'x', count: 7, base: 9, normCount: 3, normBase: 30, normScope: 'post' });
    expect(items[0]!.explanation).toBe('officer x admitted 7 of 9 travellers with an alert hit (77.8 %); norm 10 % (3 of 30, other officers at north)');
  });

  it('needs both the ratio and the excess: a doubling of a tiny share is not unusual, nor is a small excess over a large norm', () => {
    // 4 % against a 2 % norm: excess below 10 points.
    expect(unusualOfficerActivity([...post, officer('north', 'x', { fast: 4 })], DEFAULT_OFFICER_THRESHOLDS)).toEqual([]);
    // 60 % against a 40 % norm: 20 points above, but not 3 times.
    const busy = [officer('north', 'a', { fast: 40 }), officer('north', 'b', { fast: 40 }), officer('north', 'x', { fast: 60 })];
    expect(unusualOfficerActivity(busy, DEFAULT_OFFICER_THRESHOLDS)).toEqual([]);
    expect(unusualOfficerActivity(busy, mergeThresholds({ ratio: 1.4 }))).toEqual([expect.objectContaining({ rule: 'fast-decision', officerId: 'x' })]);
  });

  it('does not judge small numbers (minBase, minEvents), and compares a one-officer post with every other post', () => {
    expect(unusualOfficerActivity([...post, officer('north', 'x', { crossings: 10, admitted: 10, unverifiedAdmitted: 9, hitCrossings: 0, hitAdmitted: 0, fast: 0 })], DEFAULT_OFFICER_THRESHOLDS)).toEqual([]);
    expect(unusualOfficerActivity([...post, officer('north', 'x', { hitCrossings: 2, hitAdmitted: 2 })], mergeThresholds({ minBase: { 'hit-override': 1 } }))).toEqual([]);
    const alone = unusualOfficerActivity([...post, officer('south', 'solo', { unverifiedAdmitted: 40 })], DEFAULT_OFFICER_THRESHOLDS);
    expect(alone).toEqual([expect.objectContaining({ rule: 'unverified-document', postId: 'south', normScope: 'all-posts', normCount: 6, normBase: 285 })]);
  });

  it('leaves out disabled rules, and refuses to disable them all', () => {
    const rows = [...post, officer('north', 'x', { hitCrossings: 9, hitAdmitted: 7 })];
    expect(unusualOfficerActivity(rows, mergeThresholds({ enabled: { 'hit-override': false } }))).toEqual([]);
    expect(() => mergeThresholds({ enabled: { 'hit-override': false, 'unverified-document': false, 'fast-decision': false } })).toThrow(expect.objectContaining({ code: 'SERVER_BAD_THRESHOLDS' }));
  });

  it('subjects round-trip, officer ids with colons included', () => {
    expect(parseOfficerSubject('officer-activity:north:user:42:fast-decision')).toEqual({ postId: 'north', officerId: 'user:42', rule: 'fast-decision' });
    expect(parseOfficerSubject('officer-activity:north:o1:napping')).toBeNull();
    expect(parseOfficerSubject('quality:north:o1:fast-decision')).toBeNull();
  });

  it('property: every flagged item meets every threshold against the norm it reports', () => {
    const counts = fc.record({
      postId: fc.constantFrom('north', 'south'),
      officerId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      crossings: fc.integer({ min: 0, max: 300 }),
    }).chain((base) =>
      fc.record({
        admitted: fc.integer({ min: 0, max: base.crossings }),
        hitCrossings: fc.integer({ min: 0, max: base.crossings }),
        fast: fc.integer({ min: 0, max: base.crossings }),
      }).chain((more) =>
        fc.record({ hitAdmitted: fc.integer({ min: 0, max: Math.min(more.hitCrossings, more.admitted) }), unverifiedAdmitted: fc.integer({ min: 0, max: more.admitted }) }).map((last) => ({ ...base, ...more, ...last })),
      ),
    );
    fc.assert(
      fc.property(fc.uniqueArray(counts, { selector: (c) => `${c.postId}/${c.officerId}`, maxLength: 10 }), (rows) => {
        const t = DEFAULT_OFFICER_THRESHOLDS;
        for (const item of unusualOfficerActivity(rows, t)) {
          expect(item.base).toBeGreaterThanOrEqual(t.minBase[item.rule]);
          expect(item.count).toBeGreaterThanOrEqual(t.minEvents);
          expect(item.normBase).toBeGreaterThanOrEqual(t.minBase[item.rule]);
          expect(item.share).toBeGreaterThanOrEqual(t.ratio * item.norm);
          expect(item.share - item.norm).toBeGreaterThanOrEqual(t.minExcess);
          expect(item.share).toBeCloseTo(item.count / item.base, 10);
        }
      }),
      { numRuns: 300 },
    );
  });
});
