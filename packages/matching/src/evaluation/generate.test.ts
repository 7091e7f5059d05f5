import { transliterate } from '@borderpost/mrz';
import { NAME_CLASSES } from '../names/classes';
import { CULTURES } from './cultures';
import { DEFAULT_FOREIGN_TRAVELLER_SHARE, DEFAULT_REGIONAL_SHARE, entryCulture, generateCleanTravellers, generateListEntries, makeHardNegative, makePositive } from './generate';
import { seededRng } from './random';

const known = new Set(NAME_CLASSES.flat());

describe('list composition', () => {
  const global = [...generateListEntries(4000, { seed: 3 })];
  const regional = [...generateListEntries(4000, { seed: 3, composition: 'regional' })];

  it('draws the default share of a global list from the post\'s own pool and the rest from every other culture', () => {
    const counts = new Map<string, number>();
    for (const e of global) counts.set(entryCulture(e), (counts.get(entryCulture(e)) ?? 0) + 1);
    expect(Math.abs(counts.get('regional')! / global.length - DEFAULT_REGIONAL_SHARE)).toBeLessThan(0.03);
    for (const c of CULTURES) expect(counts.get(c) ?? 0).toBeGreaterThan(100);
    expect(regional.every((e) => entryCulture(e) === 'regional')).toBe(true);
  });

  it('keeps the regional entries of a global list identical to the regional list at the same positions', () => {
    const same = global.filter((e, i) => entryCulture(e) === 'regional' && JSON.stringify(e) === JSON.stringify(regional[i]));
    expect(same.length).toBe(global.filter((e) => entryCulture(e) === 'regional').length);
  });

  it('honours regionalShare and is deterministic', () => {
    const half = [...generateListEntries(2000, { seed: 3, regionalShare: 0.5 })];
    const share = half.filter((e) => entryCulture(e) === 'regional').length / half.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.05);
    expect([...generateListEntries(50, { seed: 3 })]).toEqual(global.slice(0, 50));
  });

  it('gives foreign names their common heads, so namesakes exist within those cultures too', () => {
    const surnames = new Map<string, number>();
    for (const e of global) if (entryCulture(e) === 'east-asian') {
      const s = transliterate(e.names[0]!.surname);
      surnames.set(s, (surnames.get(s) ?? 0) + 1);
    }
    const top = [...surnames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s]) => s);
    expect(top).toEqual(expect.arrayContaining(['NGUYEN', 'WANG']));
  });

  it('makes foreign spelling variants only through the classes the matcher knows', () => {
    const rng = seededRng(9);
    let made = 0;
    for (const e of global.filter((x) => entryCulture(x) !== 'regional').slice(0, 800)) {
      const q = makePositive(rng, e, 'spelling');
      if (q === null) continue;
      made += 1;
      const listed = transliterate(`${e.names[0]!.surname} ${e.names[0]!.givenNames}`).split(' ');
      const written = `${q.traveller.surname} ${q.traveller.givenNames}`.split(' ');
      expect(written.length).toBe(listed.length);
      written.forEach((t, i) => {
        if (t !== listed[i]) expect(known.has(t) && known.has(listed[i]!)).toBe(true);
      });
      expect(q.culture).toBe(entryCulture(e));
    }
    expect(made).toBeGreaterThan(50);
  });

  it('makes hard negatives only from the post\'s own names', () => {
    const rng = seededRng(10);
    for (const e of global.slice(0, 500)) {
      const q = makeHardNegative(rng, e, 'near-name');
      if (entryCulture(e) !== 'regional') expect(q).toBeNull();
    }
  });
});

describe('clean travellers', () => {
  it('are the post\'s own population plus a share of foreigners with their country\'s nationality', () => {
    const global = [...generateCleanTravellers(3000, { seed: 4 })];
    const regional = [...generateCleanTravellers(3000, { seed: 4, composition: 'regional' })];
    const foreign = global.filter((q) => q.culture !== 'regional');
    expect(Math.abs(foreign.length / global.length - DEFAULT_FOREIGN_TRAVELLER_SHARE)).toBeLessThan(0.02);
    expect(foreign.every((q) => /^[A-Z]{3}$/.test(q.traveller.nationality ?? '') && /^[A-Z ]+$/.test(q.traveller.surname + q.traveller.givenNames))).toBe(true);
    expect(regional.every((q) => q.culture === 'regional')).toBe(true);
    // The post's own travellers are the same people in both compositions.
    global.forEach((q, i) => {
      if (q.culture === 'regional') expect(q.traveller).toEqual(regional[i]!.traveller);
    });
  });
});
