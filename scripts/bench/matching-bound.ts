/**
 * How well could ANY matcher do on the evaluation set's exact-name positives? `npm run bench:matching-bound`.
 *
 * An oracle that knows the true frequency of every name among the post's travellers (counted on
 * 2,000,000 clean travellers of the generator, more than any post has) decides for each list entry of
 * the 1M global list whether to alert on a traveller who carries exactly its name (its spelling) and a
 * birth date it cannot rule out — with any nationality, or only with a listed nationality (then the
 * 8 % of listed persons travelling on another passport are missed). An entry "costs" the share of clean
 * travellers that would agree with it by chance: name frequency × the chance of the date (1 for no
 * date, 1/55 for a year alone, 1/(55 × 365) for a full date, as the generator draws dates); it "buys"
 * the recall of its exact positives. Sweeping the price of a false alert gives the best recall at each
 * clean alert rate (a Lagrangian relaxation; the cost adds entries up, so it slightly overstates the
 * alert rate when one traveller agrees with several entries).
 *
 * A real matcher does worse: it must estimate the frequencies (from the list and the post's counted
 * travellers), and it must also accept spelling variants, OCR noise and truncation, which brings
 * namesakes of similar names. The figures bound what name, birth date and nationality can tell apart
 * on this set; they are not a matcher's result. BOUND_SIZE, BOUND_POPULATION, BOUND_SEED choose the run.
 */
import { performance } from 'node:perf_hooks';
import { evaluation, icaoNormaliser, prepareTraveller } from '@borderpost/matching';

const SIZE = Number(process.env.BOUND_SIZE ?? 1_000_000);
const POPULATION = Number(process.env.BOUND_POPULATION ?? 2_000_000);
const SEED = Number(process.env.BOUND_SEED ?? 1);
const DAYS = 55 * 365.25;

const started = performance.now();
const nameOf = (surname: string, givenNames: string): string =>
  prepareTraveller({ surname, givenNames }, icaoNormaliser).tokens.filter((t) => t.particle === null).map((t) => t.text).sort().join(' ');

// How often each exact name (and each name with a nationality) occurs among the post's travellers.
const withName = new Map<string, number>();
const withNameAndNationality = new Map<string, number>();
for (const q of evaluation.generateCleanTravellers(POPULATION, { seed: 4242 + SEED, populationSeed: SEED, composition: 'global' })) {
  const name = nameOf(q.traveller.surname, q.traveller.givenNames);
  withName.set(name, (withName.get(name) ?? 0) + 1);
  const key = `${name}|${q.traveller.nationality}`;
  withNameAndNationality.set(key, (withNameAndNationality.get(key) ?? 0) + 1);
}

interface Entry { anyNationality: number; listedNationality: number; listedValue: number; kind: 'full' | 'year' | 'none' }
const entries: Entry[] = [];
for (const e of evaluation.generateListEntries(SIZE, { seed: SEED, listId: 'eval', composition: 'global' })) {
  const first = e.names[0]!;
  const name = nameOf(first.surname, first.givenNames);
  const full = e.birthDates.filter((d) => d.length === 10).length;
  const year = e.birthDates.filter((d) => d.length === 4).length;
  const dateChance = e.birthDates.length === 0 ? 1 : full / DAYS + year / 55;
  const anyNationality = ((withName.get(name) ?? 0) / POPULATION) * dateChance;
  const listedNationality = e.nationalities.length === 0 ? anyNationality : e.nationalities.reduce((sum, code) => sum + (withNameAndNationality.get(`${name}|${code}`) ?? 0) / POPULATION, 0) * dateChance;
  entries.push({ anyNationality, listedNationality, listedValue: e.nationalities.length === 0 ? 1 : 0.92, kind: e.birthDates.length === 0 ? 'none' : full > 0 ? 'full' : 'year' });
}

console.log(`bench:matching-bound — ${SIZE.toLocaleString('en')} list entries (global composition, seed ${SEED}), name frequencies from ${POPULATION.toLocaleString('en')} clean travellers`);
console.log('best exact-name recall at each clean alert rate (recall by what the entry lists: full date / year only / none)');
for (const price of [0.1, 0.3, 1, 2, 3, 5, 10, 30, 100]) {
  let value = 0;
  let cost = 0;
  const byKind = new Map<string, [number, number]>();
  for (const e of entries) {
    const any = 1 - price * e.anyNationality * entries.length;
    const listed = e.listedValue - price * e.listedNationality * entries.length;
    let v = 0;
    let c = 0;
    if (any >= listed && any > 0) {
      v = 1;
      c = e.anyNationality;
    } else if (listed > any && listed > 0) {
      v = e.listedValue;
      c = e.listedNationality;
    }
    value += v;
    cost += c;
    const k = byKind.get(e.kind) ?? [0, 0];
    k[0] += v;
    k[1] += 1;
    byKind.set(e.kind, k);
  }
  const kinds = ['full', 'year', 'none'].map((k) => { const [v, n] = byKind.get(k) ?? [0, 1]; return (v / n).toFixed(3); }).join(' / ');
  console.log(`  clean alerts ${(100 * cost).toFixed(2).padStart(5)} %   exact recall ${(value / entries.length).toFixed(4)}   (${kinds})`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
