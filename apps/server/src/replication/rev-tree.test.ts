import fc from 'fast-check';
import { leaves, mergePath, parseRev, pathFromRevisions, revisionsOf, winner } from './rev-tree';

const path = (rev: string, ancestors: string[] = []) => pathFromRevisions(parseRev(rev)!, { start: parseRev(rev)!.pos, ids: [parseRev(rev)!.hash, ...ancestors] }, false)!;

describe('revision trees', () => {
  it('adds a second branch from another writer as a conflict, and treats a replay as no change', () => {
    const first = mergePath(null, path('1-aaa'), '1-aaa');
    const conflict = mergePath(first.tree, path('1-bbb'), '1-bbb');
    expect(conflict.changed).toBe(true);
    expect(leaves(conflict.tree).sort()).toEqual(['1-aaa', '1-bbb']);
    expect(winner(conflict.tree).rev).toBe('1-bbb'); // same depth: the greater hash wins, as in PouchDB
    expect(mergePath(conflict.tree, path('1-aaa'), '1-aaa').changed).toBe(false);
    const extended = mergePath(conflict.tree, path('2-ccc', ['aaa']), '2-ccc');
    expect(winner(extended.tree).rev).toBe('2-ccc');
    expect(revisionsOf(extended.tree, '2-ccc')).toEqual({ start: 2, ids: ['ccc', 'aaa'] });
  });

  it('rejects malformed revisions and ancestries', () => {
    expect(parseRev('0-abc')).toBeNull();
    expect(parseRev('1-XYZ')).toBeNull();
    expect(pathFromRevisions(parseRev('2-abc')!, { start: 2, ids: ['abd'] }, false)).toBeNull();
    expect(pathFromRevisions(parseRev('2-abc')!, { start: 2, ids: ['abc', 'not hex'] }, false)).toBeNull();
    expect(pathFromRevisions(parseRev('1-abc')!, { start: 1, ids: ['abc', 'def'] }, false)).toBeNull();
  });

  it('property: the _revisions of every leaf rebuild a path that merges back as no change', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{8}$/);
    fc.assert(
      fc.property(fc.array(fc.array(hex, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (branches) => {
        let tree = null as ReturnType<typeof mergePath>['tree'] | null;
        for (const ids of branches) {
          const rev = `${ids.length}-${ids[0]}`;
          tree = mergePath(tree, pathFromRevisions(parseRev(rev)!, { start: ids.length, ids }, false)!, rev).tree;
        }
        for (const leaf of leaves(tree!)) {
          const revisions = revisionsOf(tree!, leaf)!;
          expect(revisions.start).toBe(parseRev(leaf)!.pos);
          expect(mergePath(tree, pathFromRevisions(parseRev(leaf)!, revisions, false)!, leaf).changed).toBe(false);
        }
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
