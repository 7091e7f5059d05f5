/**
 * `npm run bench:mrz` — throughput and correctness of @borderpost/mrz side by side with the npm `mrz`
 * package (cheminfo/mrz 5.0.2), on the same inputs in one run. Prints figures; asserts nothing.
 *
 * Inputs (seeded, identical for both parsers): random valid travellers in all five formats, the five
 * ICAO specimens, and copies with one OCR confusion (0/O, 1/I, 5/S, 8/B, 2/Z, …) in a field a check
 * digit protects. Each parser gets the same string, "line1\nline2[\nline3]".
 */
import { CONFUSION_PAIRS, formatMrz, parseMrz, randomTraveller, type MrzFields, type MrzFormat } from '@borderpost/mrz';
import { seededRandom as mulberry32 } from '@borderpost/common';

type NpmParse = (input: string, options?: { autocorrect?: boolean }) => {
  valid: boolean;
  documentNumber: string | null;
  fields: Partial<Record<string, string | null>>;
};

interface Case {
  text: string;
  format: MrzFormat;
  truth: MrzFields;
  corrupted: boolean;
}

const SPECIMENS: Array<{ format: MrzFormat; lines: string[]; truth: MrzFields }> = (() => {
  const anna = { issuingState: 'UTO', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', sex: 'F' as const };
  return [
    { format: 'TD3', lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'], truth: { ...anna, documentCode: 'P', documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '1974-08-12', expiryDate: '2012-04-15' } },
    { format: 'TD2', lines: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'], truth: { ...anna, documentCode: 'I', documentNumber: 'D23145890', nationality: 'UTO', birthDate: '1974-08-12', expiryDate: '2012-04-15' } },
    { format: 'TD1', lines: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'], truth: { ...anna, documentCode: 'I', documentNumber: 'D23145890', nationality: 'UTO', birthDate: '1974-08-12', expiryDate: '2012-04-15' } },
    { format: 'MRVA', lines: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'], truth: { ...anna, documentCode: 'V', documentNumber: 'L8988901C', nationality: 'XXX', birthDate: '1940-09-07', expiryDate: '1996-12-10' } },
    { format: 'MRVB', lines: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'], truth: { ...anna, documentCode: 'V', documentNumber: 'L8988901C', nationality: 'XXX', birthDate: '1940-09-07', expiryDate: '1996-12-10' } },
  ];
})();


/** Check-digit class of a character (value mod 10); a confusion across classes is detectable. */
function charClass(ch: string): number {
  const code = ch.charCodeAt(0);
  return code === 60 ? 0 : code <= 57 ? code - 48 : (code - 55) % 10;
}

const CONFUSABLE = new Map<string, string[]>();
for (const [a, b] of CONFUSION_PAIRS) {
  CONFUSABLE.set(a, [...(CONFUSABLE.get(a) ?? []), b]);
  CONFUSABLE.set(b, [...(CONFUSABLE.get(b) ?? []), a]);
}

/** Document number + check, birth date + check, expiry date + check (offsets in the joined lines). */
function protectedRanges(format: MrzFormat): Array<[number, number]> {
  if (format === 'TD1') return [[5, 15], [30, 37], [38, 45]];
  const b = format === 'TD3' || format === 'MRVA' ? 44 : 36;
  return [[b, b + 10], [b + 13, b + 20], [b + 21, b + 28]];
}

function corrupt(lines: string[], format: MrzFormat, rng: () => number): string | null {
  const s = lines.join('');
  const options: Array<[number, string]> = [];
  for (const [start, end] of protectedRanges(format)) {
    for (let p = start; p < end; p++) {
      const ch = s[p] as string;
      const numeric = !(p >= protectedRanges(format)[0]![0] && p < protectedRanges(format)[0]![1] - 1);
      for (const to of CONFUSABLE.get(ch) ?? []) {
        if (numeric ? !/[0-9]/.test(to) : charClass(to) !== charClass(ch)) options.push([p, to]);
      }
    }
  }
  if (options.length === 0) return null;
  const [p, to] = options[Math.floor(rng() * options.length)]!;
  const out = s.slice(0, p) + to + s.slice(p + 1);
  const length = lines[0]!.length;
  return lines.map((_, i) => out.slice(i * length, (i + 1) * length)).join('\n');
}

function buildCases(count: number): Case[] {
  const rng = mulberry32(20261128);
  const formats: MrzFormat[] = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'];
  const cases: Case[] = [];
  for (const specimen of SPECIMENS) cases.push({ text: specimen.lines.join('\n'), format: specimen.format, truth: specimen.truth, corrupted: false });
  while (cases.length < count) {
    const format = formats[cases.length % formats.length]!;
    const truth = randomTraveller(rng, { format });
    const lines = formatMrz(truth, format);
    // One read in five carries an OCR confusion in a protected field.
    if (rng() < 0.2) {
      const text = corrupt(lines, format, rng);
      if (text !== null) {
        cases.push({ text, format, truth, corrupted: true });
        continue;
      }
    }
    cases.push({ text: lines.join('\n'), format, truth, corrupted: false });
  }
  return cases;
}

interface Verdict {
  /** Reported valid with the true document number and dates. */
  right: number;
  /** Reported valid with a wrong value: the dangerous outcome. */
  wrong: number;
  /** Reported invalid (the officer rescans or types it). */
  rejected: number;
  threw: number;
}

function newVerdict(): Verdict {
  return { right: 0, wrong: 0, rejected: 0, threw: 0 };
}

function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

function judgeOurs(cases: Case[], repair: boolean): { clean: Verdict; corrupted: Verdict } {
  const clean = newVerdict();
  const corrupted = newVerdict();
  for (const c of cases) {
    const v = c.corrupted ? corrupted : clean;
    const r = parseMrz(c.text, { repair });
    if (!r.valid) v.rejected++;
    else if (r.documentNumber === c.truth.documentNumber && r.birthDate === c.truth.birthDate && r.expiryDate === c.truth.expiryDate) v.right++;
    else v.wrong++;
  }
  return { clean, corrupted };
}

function judgeNpm(parse: NpmParse, cases: Case[], autocorrect: boolean): { clean: Verdict; corrupted: Verdict } {
  const clean = newVerdict();
  const corrupted = newVerdict();
  for (const c of cases) {
    const v = c.corrupted ? corrupted : clean;
    try {
      const r = parse(c.text, { autocorrect });
      if (!r.valid) v.rejected++;
      else if (r.documentNumber === c.truth.documentNumber && r.fields.birthDate === yymmdd(c.truth.birthDate) && r.fields.expirationDate === yymmdd(c.truth.expiryDate)) v.right++;
      else v.wrong++;
    } catch {
      v.threw++;
      v.rejected++;
    }
  }
  return { clean, corrupted };
}

/**
 * Documents per second of each parser: best of several rounds over all inputs, after a warm-up. The
 * parsers take turns inside every round, so load on a shared machine hits all of them alike.
 */
function throughputs(runs: Array<(text: string) => unknown>, texts: string[], rounds = 7): number[] {
  let sink = 0;
  for (const run of runs) for (const t of texts) if (run(t)) sink++;
  const best = runs.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    runs.forEach((run, i) => {
      const start = process.hrtime.bigint();
      for (const t of texts) if (run(t)) sink++;
      best[i] = Math.min(best[i]!, Number(process.hrtime.bigint() - start));
    });
  }
  if (sink < 0) console.log(sink);
  return best.map((ns) => (texts.length / ns) * 1e9);
}

function pct(n: number, total: number): string {
  return total === 0 ? '-' : `${((100 * n) / total).toFixed(1)}%`;
}

async function main(): Promise<void> {
  // cheminfo/mrz is ESM-only: a dynamic import keeps this script CommonJS like the rest of the workspace.
  const npm = (await import('mrz')) as unknown as { parse: NpmParse };
  const cases = buildCases(20_000);
  const texts = cases.map((c) => c.text);
  const safeNpm = (autocorrect: boolean) => (text: string) => {
    try {
      return npm.parse(text, { autocorrect });
    } catch {
      return null;
    }
  };
  const clean = cases.filter((c) => !c.corrupted).length;
  const corruptedCount = cases.length - clean;
  console.log(`MRZ benchmark: ${cases.length} documents (${clean} clean incl. 5 ICAO specimens, ${corruptedCount} with one OCR confusion in a protected field); formats TD1, TD2, TD3, MRV-A, MRV-B in equal shares`);
  console.log(`node ${process.version}, ${new Date().toISOString()}\n`);

  const speeds = throughputs([(t) => parseMrz(t), (t) => parseMrz(t, { repair: false }), safeNpm(false), safeNpm(true)], texts);
  const rows: Array<{ name: string; docsPerSec: number; judged: { clean: Verdict; corrupted: Verdict } }> = [
    { name: '@borderpost/mrz (repair on, default)', docsPerSec: speeds[0]!, judged: judgeOurs(cases, true) },
    { name: '@borderpost/mrz (repair off)', docsPerSec: speeds[1]!, judged: judgeOurs(cases, false) },
    { name: 'npm mrz 5.0.2 (default)', docsPerSec: speeds[2]!, judged: judgeNpm(npm.parse, cases, false) },
    { name: 'npm mrz 5.0.2 (autocorrect)', docsPerSec: speeds[3]!, judged: judgeNpm(npm.parse, cases, true) },
  ];

  console.log('parser                                  docs/s    µs/doc | clean: valid&right  wrong  rejected | OCR-damaged: repaired&right  wrong  rejected  threw');
  for (const row of rows) {
    const { clean: c, corrupted: d } = row.judged;
    console.log(
      `${row.name.padEnd(38)} ${Math.round(row.docsPerSec).toString().padStart(8)} ${(1e6 / row.docsPerSec).toFixed(2).padStart(8)} | ` +
        `${pct(c.right, clean).padStart(18)} ${pct(c.wrong, clean).padStart(6)} ${pct(c.rejected, clean).padStart(9)} | ` +
        `${pct(d.right, corruptedCount).padStart(27)} ${pct(d.wrong, corruptedCount).padStart(6)} ${pct(d.rejected, corruptedCount).padStart(9)} ${(c.threw + d.threw).toString().padStart(6)}`,
    );
  }
  const ours = rows[0]!.docsPerSec;
  const oursNoRepair = rows[1]!.docsPerSec;
  const theirs = rows[2]!.docsPerSec;
  const theirsAuto = rows[3]!.docsPerSec;
  console.log(`\nratio ours/npm (repair on vs default):       ${(ours / theirs).toFixed(1)}×`);
  console.log(`ratio ours/npm (repair on vs autocorrect):   ${(ours / theirsAuto).toFixed(1)}×`);
  console.log(`ratio ours/npm (repair off vs default):      ${(oursNoRepair / theirs).toFixed(1)}×`);

  const specimenTexts = SPECIMENS.map((sp) => sp.lines.join('\n'));
  const oursSpecimens = specimenTexts.filter((t) => parseMrz(t).valid).length;
  const npmSpecimens = specimenTexts.filter((t) => safeNpm(false)(t)?.valid === true).length;
  const visas = cases.filter((c) => !c.corrupted && (c.format === 'MRVA' || c.format === 'MRVB'));
  const npmVisas = visas.filter((c) => safeNpm(false)(c.text)?.valid === true).length;
  console.log(`ICAO specimens valid: ours ${oursSpecimens}/5, npm ${npmSpecimens}/5; clean visas valid: ours ${visas.filter((c) => parseMrz(c.text).valid).length}/${visas.length}, npm ${npmVisas}/${visas.length}`);

  // Clean TD1/TD2/TD3 only: the subset npm mrz is designed for, so the speed ratio is not flattered by
  // its failures on visas (which end early).
  const tdOnly = cases.filter((c) => !c.corrupted && (c.format === 'TD1' || c.format === 'TD2' || c.format === 'TD3') && !c.text.includes('UTO')).map((c) => c.text);
  const [oursTd, theirsTd] = throughputs([(t) => parseMrz(t), safeNpm(false)], tdOnly) as [number, number];
  console.log(`clean TD1/TD2/TD3 only (${tdOnly.length} docs): ours ${Math.round(oursTd)} docs/s, npm ${Math.round(theirsTd)} docs/s, ratio ${(oursTd / theirsTd).toFixed(1)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
