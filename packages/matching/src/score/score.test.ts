import { icaoNormaliser } from '../names/transliterate';
import { preparePerson, prepareTraveller } from '../prepare';
import type { AlertPersonDoc, MatchReason, Traveller } from '../types';
import { compareDates, parsePartialDate } from './dates';
import { explainPersonScore, personScoreReasons } from './explain';
import { commonNamePenalty, scorePerson } from './person';

function person(over: Partial<AlertPersonDoc> = {}): AlertPersonDoc {
  return {
    _id: 'alert-person:l:1', type: 'alert-person', listId: 'l', listVersion: 1, entryId: '1',
    names: [{ surname: 'DIALLO', givenNames: 'MUHAMMAD' }], birthDates: ['1980'], sex: 'M', nationalities: ['GIN'],
    reason: 'r', instruction: 'i', ...over,
  };
}

function score(traveller: Traveller, doc: AlertPersonDoc, expectedNamesakes = 0): { score: number; explanation: string; reasons: MatchReason[] } {
  const t = prepareTraveller(traveller, icaoNormaliser);
  const p = preparePerson(doc, icaoNormaliser);
  const result = scorePerson(t, p, { expectedNamesakes });
  return { score: result.score, explanation: explainPersonScore(t, p, result), reasons: personScoreReasons(t, p, result) };
}

describe('dates', () => {
  const rel = (a: string, b: string): string => compareDates(parsePartialDate(a), parsePartialDate(b));
  it('relates full and partial dates', () => {
    expect(rel('1980-03-12', '1980-03-12')).toBe('exact');
    expect(rel('1980-12-03', '1980-03-12')).toBe('swapped');
    expect(rel('1980-03-12', '1980')).toBe('year');
    expect(rel('1980-01-01', '1980-06-15')).toBe('year'); // 01-01 placeholder
    expect(rel('1980-03-12', '1980-06-15')).toBe('same-year-other-day');
    expect(rel('1981-03-12', '1980-03-12')).toBe('one-year');
    expect(rel('1981-05-12', '1980-03-12')).toBe('one-year-other-day');
    expect(rel('1975-03-12', '1980')).toBe('different');
    expect(compareDates(null, parsePartialDate('1980'))).toBe('unknown');
    expect(parsePartialDate('1980-13-01')).toBeNull();
  });
});

describe('person score and explanation', () => {
  it('explains a spelling variant with a matching birth year the way an officer reads it', () => {
    const r = score({ surname: 'DIALLO', givenNames: 'MOHAMED', birthDate: '1980-05-02', sex: 'M', nationality: 'GIN' }, person());
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation).toBe('DIALLO, MOHAMED ≈ MUHAMMAD (spelling variant), born 1980 = 1980, nationality GIN');
    // The same facts as data, for the officer UI to say in French or Arabic.
    expect(r.reasons).toEqual([
      { kind: 'name', travellerName: 'DIALLO', listName: 'DIALLO', relation: 'exact' },
      { kind: 'name', travellerName: 'MOHAMED', listName: 'MUHAMMAD', relation: 'spelling-variant' },
      { kind: 'birth-date', relation: 'year', traveller: '1980-05-02', list: '1980' },
      { kind: 'nationality', relation: 'same', traveller: 'GIN', list: ['GIN'] },
    ]);
  });

  it('handles order swaps, particles, aliases and West-African spellings', () => {
    const doc = person({ names: [{ surname: 'OULD SIDI', givenNames: 'MOHAMED LAMINE' }, { surname: 'JALLOW', givenNames: 'AMADOU' }], birthDates: ['1981-02-03'] });
    expect(score({ surname: 'MOHAMED LAMINE', givenNames: 'WULD SIDI', birthDate: '1981-02-03' }, doc).score).toBeGreaterThanOrEqual(0.95);
    const alias = score({ surname: 'DIALLO', givenNames: 'AHMADOU', birthDate: '1981-02-03' }, doc);
    expect(alias.score).toBeGreaterThanOrEqual(0.9);
    expect(alias.explanation).toContain('alias 1');
    expect(alias.explanation).toContain('DIALLO ≈ JALLOW (spelling variant)');
    expect(alias.reasons[0]).toEqual({ kind: 'alias', index: 1 });
    expect(alias.reasons).toContainEqual({ kind: 'name', travellerName: 'DIALLO', listName: 'JALLOW', relation: 'spelling-variant' });
  });

  it('puts the same name with another birth date, and a near name, below the default threshold', () => {
    const doc = person({ birthDates: ['1980-03-12'] });
    const other = score({ surname: 'DIALLO', givenNames: 'MUHAMMAD', birthDate: '1971-03-12' }, doc);
    expect(other.score).toBeLessThan(0.8);
    expect(other.explanation).toContain('born 1971-03-12 ≠ 1980-03-12');
    expect(other.reasons).toContainEqual({ kind: 'birth-date', relation: 'different', traveller: '1971-03-12', list: '1980-03-12' });
    const near = person({ names: [{ surname: 'DIALLO', givenNames: 'HASSAN MUHAMMAD' }], birthDates: ['1980-03-12'] });
    expect(score({ surname: 'DIALLO', givenNames: 'HUSSEIN MUHAMMAD', birthDate: '1980-06-01' }, near).score).toBeLessThan(0.8);
  });

  it('tells the officer about sex and nationality differences and day/month swaps', () => {
    const r = score({ surname: 'DIALLO', givenNames: 'MUHAMMAD', birthDate: '1980-12-03', sex: 'F', nationality: 'SEN' }, person({ birthDates: ['1980-03-12'] }));
    expect(r.explanation).toContain('(day and month swapped)');
    expect(r.explanation).toContain('sex F ≠ M');
    expect(r.explanation).toContain('nationality SEN ≠ GIN');
    expect(r.reasons.slice(-3)).toEqual([
      { kind: 'birth-date', relation: 'day-month-swapped', traveller: '1980-12-03', list: '1980-03-12' },
      { kind: 'sex', relation: 'different', traveller: 'F', list: 'M' },
      { kind: 'nationality', relation: 'different', traveller: 'SEN', list: ['GIN'] },
    ]);
  });

  it('gives reasons for a missing date on either side', () => {
    expect(score({ surname: 'DIALLO', givenNames: 'MUHAMMAD' }, person()).reasons).toContainEqual({ kind: 'birth-date', relation: 'no-traveller-date' });
    expect(score({ surname: 'DIALLO', givenNames: 'MUHAMMAD', birthDate: '1980-01-01' }, person({ birthDates: [] })).reasons).toContainEqual({ kind: 'birth-date', relation: 'no-list-date' });
  });

  it('asks a common name for a confirming birth date', () => {
    expect(commonNamePenalty(0)).toBe(0);
    // One chance match weighs three (CHANCE_WEIGHT): 0.08 × log2(1 + 3) = 0.16.
    expect(commonNamePenalty(1)).toBeCloseTo(0.16, 5);
    expect(commonNamePenalty(1 / 3)).toBeCloseTo(0.08, 5);
    expect(commonNamePenalty(1000)).toBe(0.4);
    const traveller = { surname: 'DIALLO', givenNames: 'MUHAMMAD', birthDate: '1980-03-12' };
    const rare = score(traveller, person({ birthDates: [] }), 0.001);
    const common = score(traveller, person({ birthDates: [] }), 500);
    expect(rare.score - common.score).toBeCloseTo(0.4, 2);
    expect(common.explanation).toContain('common name');
    // A confirming date lifts the penalty.
    expect(score(traveller, person({ birthDates: ['1980-03-12'] }), 500).score).toBe(1);
  });

  it('counts namesakes of the parts that matched, and those sharing the full date of a very common name', () => {
    const t = prepareTraveller({ surname: 'DIALLO', givenNames: 'KARIM MUHAMMAD', birthDate: '1980-03-12', nationality: 'GIN' }, icaoNormaliser);
    const p = preparePerson(person({ birthDates: [] }), icaoNormaliser);
    // The whole name is rare (KARIM is extra), but what matched (DIALLO MUHAMMAD) is common.
    const namesakesOf = (pairs: { query: { text: string }[] }[]): number => (pairs.some((p) => p.query.some((x) => x.text === 'KARIM')) ? 0.001 : 500);
    const wholeName = scorePerson(t, p, { expectedNamesakes: 0.001 });
    const matchedParts = scorePerson(t, p, { expectedNamesakes: 0.001, namesakesOf });
    // (KARIM unmatched lowers the name score, which widens the namesakes a little: see the likeness test.)
    expect(wholeName.commonName).toBeLessThan(0.02);
    expect(matchedParts.commonName).toBe(0.4);
    expect(matchedParts.score).toBeCloseTo(wholeName.score + wholeName.commonName - 0.4, 2);
    // 6,000 namesakes on a list spread over 50 years: about one in three shares any given birth date (0.08 off).
    const exact = scorePerson(prepareTraveller({ surname: 'DIALLO', givenNames: 'MUHAMMAD', birthDate: '1980-03-12' }, icaoNormaliser), preparePerson(person({ birthDates: ['1980-03-12'] }), icaoNormaliser), { expectedNamesakes: 6000 });
    expect(exact.commonName).toBeGreaterThan(0.07);
    expect(exact.commonName).toBeLessThan(0.1);
    expect(exact.score).toBeGreaterThanOrEqual(0.99); // the full date confirms even so
  });

  describe('weak entries (a year or no birth date) need corroboration as their name gets common', () => {
    // A large list where a fifth of the persons are GIN and 1 % SYR (the shares the index counts).
    const shares = { nationalityShare: (code: string) => ({ GIN: 0.2, SYR: 0.01 })[code] ?? 0.05 };
    const run = (traveller: Traveller, doc: AlertPersonDoc, expectedNamesakes: number) =>
      scorePerson(prepareTraveller(traveller, icaoNormaliser), preparePerson(doc, icaoNormaliser), { expectedNamesakes, ...shares });
    const mohamed = { surname: 'DIALLO', givenNames: 'MOHAMED', birthDate: '1980-05-02', sex: 'M', nationality: 'GIN' };
    const yearOnly = person({ names: [{ surname: 'DIALLO', givenNames: 'MOHAMED' }], birthDates: ['1980'], sex: null, nationalities: [] });

    it('keeps a common name whose entry gives only the year, with nothing else to confirm it, under the threshold', () => {
      // 170 namesakes, 1 in 50 born in 1980: about 3.4 entries would match this traveller by chance (weighed ×3).
      const r = run(mohamed, yearOnly, 170);
      expect(r.score).toBeLessThan(0.8);
      expect(r.score).toBeGreaterThan(0.6); // still a "possible" an officer may look up
      expect(r.commonName).toBeGreaterThan(0.25);
    });

    it('alerts on it when a nationality few listed people share agrees', () => {
      const syrian = run({ ...mohamed, nationality: 'SYR' }, { ...yearOnly, nationalities: ['SYR'] }, 500);
      expect(syrian.score).toBeGreaterThanOrEqual(0.95);
      // GIN agrees for a fifth of the namesakes: little corroboration on such a common name.
      const guinean = run(mohamed, { ...yearOnly, nationalities: ['GIN'], sex: 'M' }, 2000);
      expect(guinean.score).toBeLessThan(0.8);
      // The same GIN entry on a name with 50 namesakes: about one chance match, an alert.
      expect(run(mohamed, { ...yearOnly, nationalities: ['GIN'], sex: 'M' }, 50).score).toBeGreaterThanOrEqual(0.8);
    });

    it('alerts on an entry without any birth date when the name is rare, not when it is common', () => {
      const noDate = { ...yearOnly, birthDates: [], nationalities: ['GIN'] };
      expect(run(mohamed, noDate, 0.05).score).toBeGreaterThanOrEqual(0.9);
      expect(run(mohamed, noDate, 500).score).toBeLessThan(0.7);
    });

    it('does not take an agreeing nationality as corroboration when the name goes with that nationality', () => {
      // A list mixing name cultures: CHN is 7 % of the list, so list-wide a CHN namesake is rare, but
      // the index counts 40 entries of this name among the CHN persons alone (WANG WEI is Chinese).
      const wang = { surname: 'WANG', givenNames: 'WEI', birthDate: '1980-05-02', sex: 'M', nationality: 'CHN' };
      const entry = person({ names: [{ surname: 'WANG', givenNames: 'WEI' }], birthDates: [], sex: 'M', nationalities: ['CHN'] });
      const score = (namesakesWithNationality?: number) =>
        scorePerson(prepareTraveller(wang, icaoNormaliser), preparePerson(entry, icaoNormaliser), { expectedNamesakes: 3, nationalityShare: () => 0.07, namesakesWithNationality }).score;
      expect(score()).toBeGreaterThanOrEqual(0.8); // list-wide: 3 × 7 % ≈ 0.2 chance matches, an alert
      expect(score(40)).toBeLessThan(0.8); // within CHN: 40 chance matches, a "possible"
      // A within-nationality count under the list-wide estimate changes nothing.
      expect(score(0.1)).toBe(score());
    });

    it('lets a full birth date confirm even the commonest name', () => {
      const full = { ...yearOnly, birthDates: ['1980-05-02'] };
      expect(run(mohamed, full, 2000).score).toBe(1);
    });

    it('widens the namesakes of a name matched only loosely', () => {
      const entry = { ...yearOnly, nationalities: ['GIN'] };
      const identical = run(mohamed, entry, 20);
      // MOHAMED DIALO (a dropped L) is within edit distance of many more names than DIALLO's own key.
      const slip = run({ ...mohamed, surname: 'DIALO' }, entry, 20);
      expect(slip.nameScore).toBeLessThan(1);
      expect(slip.commonName).toBeGreaterThan(identical.commonName);
    });

    it('counts a disagreeing nationality or sex as evidence of a namesake', () => {
      const withNationality = { ...yearOnly, nationalities: ['SEN'] };
      const agreeing = run({ ...mohamed, nationality: 'SEN' }, withNationality, 20);
      const disagreeing = run(mohamed, withNationality, 20);
      expect(disagreeing.commonName).toBeGreaterThan(agreeing.commonName);
      expect(disagreeing.score).toBeLessThan(0.8);
    });
  });

  it('weighs a nationality the list does not record against the match', () => {
    const same = score({ surname: 'DIALLO', givenNames: 'MUHAMMAD', nationality: 'GIN' }, person({ birthDates: [] }));
    const other = score({ surname: 'DIALLO', givenNames: 'MUHAMMAD', nationality: 'SEN' }, person({ birthDates: [] }));
    expect(same.score - other.score).toBeCloseTo(0.12, 3);
  });

  it('takes vowels at their word in names a CHN passport romanises in Pinyin, and only there', () => {
    const chinese = (surname: string, givenNames: string): AlertPersonDoc => person({ names: [{ surname, givenNames }], birthDates: ['1969-10-19'], nationalities: ['CHN'] });
    const traveller = (surname: string, givenNames: string, nationality = 'CHN'): Traveller => ({ surname, givenNames, birthDate: '1969-10-19', sex: 'M', nationality });
    // Strangers to a Chinese reader, though their consonants agree.
    for (const [[ts, tg], [ls, lg]] of [[['LIN', 'HONG'], ['LIN', 'HENG']], [['LU', 'GANG'], ['LUO', 'GANG']], [['LIU', 'JIECHAO'], ['LIU', 'JIEZE']], [['ZHOU', 'YUNWEI'], ['ZHOU', 'CHUNWEI']]] as const) {
      expect(score(traveller(ts, tg), chinese(ls, lg)).score).toBeLessThan(0.8);
    }
    // The same name, a misread consonant (OCR M/H) and an order swap still match.
    expect(score(traveller('WANG', 'LIHONG'), chinese('WANG', 'LIHONG')).score).toBe(1);
    expect(score(traveller('WANG', 'LIMONG'), chinese('WANG', 'LIHONG')).score).toBeGreaterThanOrEqual(0.8);
    expect(score(traveller('LIHONG', 'WANG'), chinese('WANG', 'LIHONG')).score).toBeGreaterThanOrEqual(0.9);
    // Hong Kong, Macao and Taiwan passports write Cantonese or Wade-Giles spellings whose vowels vary.
    const hongKong = person({ names: [{ surname: 'LEUNG', givenNames: 'CHI WAI' }], birthDates: ['1975-04-02'], nationalities: ['HKG'] });
    for (const nationality of ['HKG', 'MAC']) expect(score({ surname: 'LEONG', givenNames: 'CHI WAI', birthDate: '1975-04-02', sex: 'M', nationality }, hongKong).score).toBeGreaterThanOrEqual(0.9);
    expect(score(traveller('LIOU', 'JIANGUO', 'TWN'), person({ names: [{ surname: 'LIU', givenNames: 'JIANGUO' }], birthDates: ['1969-10-19'], nationalities: [] })).score).toBeGreaterThanOrEqual(0.9);
    // Arabic and West-African names keep their vowel freedom (MOUHAMED / MUHAMMAD, DIALLO / DIALO).
    expect(score({ surname: 'DIALO', givenNames: 'MOUHAMAD', birthDate: '1980-03-12', nationality: 'GIN' }, person({ birthDates: ['1980-03-12'] })).score).toBeGreaterThanOrEqual(0.9);
  });

  it('copes with MRZ truncation of the last given name', () => {
    const doc = person({ names: [{ surname: 'AL ZAHRANI', givenNames: 'ABDULRAHMAN MUHAMMAD SALIH IBRAHIM' }], birthDates: ['1979-04-17'] });
    const r = score({ surname: 'AL ZAHRANI', givenNames: 'ABDULRAHMAN MUHAMMAD SA', birthDate: '1979-04-17', nameTruncated: true }, doc);
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation).toContain('SA ≈ SALIH (cut short)');
  });
});
