import fc from 'fast-check';
import { charValue } from './alphabet';
import { checkedFields, documentNumberSpan, Slot } from './checked';
import { CONFUSABLE } from './confusions';
import { formatMrz, parseMrz, randomTraveller } from './index';
import { LAYOUTS } from './layout';
import type { MrzFormat, MrzResult } from './types';
import { seededRandom as mulberry32 } from '@borderpost/common';

const TODAY = new Date('2026-11-28T12:00:00Z');
const FORMATS: MrzFormat[] = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'];


interface Protected {
  pos: number;
  /** Only digits may stand here (dates, check digits): any letter is caught by type. */
  numeric: boolean;
}

/** Every position some check digit protects, with whether it is numeric. */
function protectedPositions(s: string, format: MrzFormat): Protected[] {
  const layout = LAYOUTS[format];
  const span = documentNumberSpan(s, layout);
  const out: Protected[] = [];
  for (const field of checkedFields(layout, span)) {
    for (const pos of field.positions) out.push({ pos, numeric: field.slot === Slot.DateDigit });
    out.push({ pos: field.checkPos, numeric: true });
  }
  if (layout.composite >= 0) {
    out.push({ pos: layout.composite, numeric: true });
    const compositeOnly: number[] = [];
    if (layout.optionalCheck < 0) for (let p = span.optionalFrom; p < layout.optionalEnd; p++) compositeOnly.push(p);
    for (let p = layout.optional2Start; p >= 0 && p < layout.optional2End; p++) compositeOnly.push(p);
    for (const pos of compositeOnly) out.push({ pos, numeric: false });
  }
  return out;
}

function sameFields(a: MrzResult, b: MrzResult): boolean {
  const keys = ['documentNumber', 'birthDate', 'expiryDate', 'optionalData', 'optionalData2', 'nationality', 'surname', 'givenNames', 'sex'] as const;
  return keys.every((key) => a[key] === b[key]);
}

describe('OCR repair driven by check digits', () => {
  it('repairs or flags every detectable single confusable substitution in protected fields, never accepts a wrong value', () => {
    const tally = { repaired: 0, flagged: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(...FORMATS), fc.nat(), (seed, format, pick) => {
        const fields = randomTraveller(mulberry32(seed), { format, today: TODAY });
        const lines = formatMrz(fields, format);
        const s = lines.join('');
        const original = parseMrz(lines.join('\n'), { today: TODAY });
        // Candidate substitutions: confusables a check digit can see — any letter in a numeric
        // position, or a pair in different check-digit classes (value mod 10) elsewhere.
        const options: Array<[number, number]> = [];
        for (const slot of protectedPositions(s, format)) {
          const code = s.charCodeAt(slot.pos);
          for (const to of CONFUSABLE[code] ?? []) {
            const visible = slot.numeric ? !(to >= 48 && to <= 57) : charValue(to) % 10 !== charValue(code) % 10;
            if (visible) options.push([slot.pos, to]);
          }
        }
        fc.pre(options.length > 0);
        const [pos, to] = options[pick % options.length] as [number, number];
        const corrupted = s.slice(0, pos) + String.fromCharCode(to) + s.slice(pos + 1);
        const length = LAYOUTS[format].lineLength;
        const text = Array.from({ length: LAYOUTS[format].lineCount }, (_, i) => corrupted.slice(i * length, (i + 1) * length)).join('\n');

        const withoutRepair = parseMrz(text, { today: TODAY, repair: false });
        expect(withoutRepair.valid).toBe(false);

        const result = parseMrz(text, { today: TODAY });
        if (result.valid) {
          expect(sameFields(result, original)).toBe(true);
          expect(result.lines).toEqual(lines);
          expect(result.corrections).toEqual([
            expect.objectContaining({ from: String.fromCharCode(to), to: s[pos], line: Math.floor(pos / length) + 1, column: (pos % length) + 1 }),
          ]);
          expect(result.warnings.map((w) => w.code)).toContain('MRZ_REPAIRED');
          tally.repaired++;
        } else {
          expect(result.corrections).toEqual([]);
          expect(result.errors.length).toBeGreaterThan(0);
          tally.flagged++;
        }
      }),
      { numRuns: Number(process.env.MRZ_REPAIR_RUNS ?? 3000) },
    );
    // Most single misreads are fixed outright; the rest are flagged, never guessed.
    expect(tally.repaired).toBeGreaterThan(tally.flagged);
  });

  it('never touches fields no check digit protects (names, states, nationality, sex, visa optional data)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(...FORMATS), fc.nat(), fc.nat(), (seed, format, pick, second) => {
        const lines = formatMrz(randomTraveller(mulberry32(seed), { format, today: TODAY }), format);
        const s = lines.join('');
        const guarded = new Set(protectedPositions(s, format).map((slot) => slot.pos));
        const layout = LAYOUTS[format];
        // Unprotected positions: everything no check digit covers, except the document code (format detection).
        const open: number[] = [];
        for (let p = 2; p < s.length; p++) if (!guarded.has(p) && !(layout.overflow && p === layout.documentNumberCheck)) open.push(p);
        const pos = open[pick % open.length] as number;
        const alternatives = CONFUSABLE[s.charCodeAt(pos)] ?? [];
        const to = alternatives.length > 0 ? (alternatives[second % alternatives.length] as number) : 48 + (second % 10);
        fc.pre(to !== s.charCodeAt(pos));
        const corrupted = s.slice(0, pos) + String.fromCharCode(to) + s.slice(pos + 1);
        const text = Array.from({ length: layout.lineCount }, (_, i) => corrupted.slice(i * layout.lineLength, (i + 1) * layout.lineLength)).join('\n');
        const result = parseMrz(text, { today: TODAY });
        expect(result.corrections).toEqual([]);
        expect(result.lines.join('')).toBe(corrupted);
      }),
      { numRuns: 1000 },
    );
  });

  it('applies nothing when several repairs satisfy every check digit', () => {
    // BT1TIS3IW read with I for 1 at position 3: several single substitutions satisfy both the
    // document-number check digit and the composite, so the choice is left to the officer.
    const r = parseMrz('POCANSMITH<<WEI<JAN<<<<<<<<<<<<<<<<<<<<<<<<<\nBTITIS3IW7CAN8912226F3502217<<<<<<<<<<<<<<<0', { today: TODAY });
    expect(r).toMatchObject({ valid: false, corrections: [], checks: { documentNumber: false } });
    expect(r.warnings.map((w) => w.code)).toContain('MRZ_REPAIR_AMBIGUOUS');
    expect(r.lines[1]).toBe('BTITIS3IW7CAN8912226F3502217<<<<<<<<<<<<<<<0');
  });
});
