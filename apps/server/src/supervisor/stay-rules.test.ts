import fc from 'fast-check';
import { DEFAULT_STAY_RULES, type StayCrossing, type StayRule, dayNumber, dayString, evaluateStay, matchStays, ruleFor, validateStayRules } from './stay-rules';

let counter = 0;
function crossing(direction: 'entry' | 'exit', day: string, extra: Partial<StayCrossing> = {}): StayCrossing {
  counter += 1;
  return { id: `c${String(counter).padStart(5, '0')}`, postId: 'p1', direction, outcome: 'admitted', decidedAt: `${day}T10:00:00.000Z`, nationality: 'NGA', visaType: null, ...extra };
}
const addDays = (day: string, n: number) => dayString(dayNumber(`${day}T00:00:00Z`) + n);
const rolling: StayRule[] = DEFAULT_STAY_RULES;

describe('matchStays', () => {
  it('pairs each exit with the entry before it across posts, whatever the order received', () => {
    const entry = crossing('entry', '2026-01-01', { postId: 'north' });
    const exit = crossing('exit', '2026-01-10', { postId: 'south' });
    const stays = matchStays([exit, entry]);
    expect(stays).toEqual([{ entry, exit, status: 'closed' }]);
  });

  it('keeps open stays, entries without exit and exits without entry apart, and ignores refusals', () => {
    const e1 = crossing('entry', '2026-01-01');
    const e2 = crossing('entry', '2026-02-01');
    const x2 = crossing('exit', '2026-02-05');
    const x3 = crossing('exit', '2026-03-01');
    const refused = crossing('entry', '2026-03-02', { outcome: 'refused' });
    const e4 = crossing('entry', '2026-04-01');
    expect(matchStays([e1, e2, x2, x3, refused, e4]).map((s) => s.status)).toEqual(['entry-without-exit', 'closed', 'exit-without-entry', 'open']);
  });
});

describe('ruleFor', () => {
  const rules = validateStayRules([
    { id: 'default', match: {}, kind: 'rolling', maxDays: 90, windowDays: 180 },
    { id: 'ecowas', match: { nationalities: ['NGA', 'GHA'] }, kind: 'exempt' },
    { id: 'transit-visa', match: { visaTypes: ['transit'] }, kind: 'fixed', maxDays: 5 },
    { id: 'nga-transit', match: { nationalities: ['NGA'], visaTypes: ['transit'] }, kind: 'fixed', maxDays: 3 },
  ]);
  it('takes the most specific rule: visa type and nationality > visa type > nationality > default', () => {
    expect(ruleFor(rules, { nationality: 'FRA', visaType: null }).id).toBe('default');
    expect(ruleFor(rules, { nationality: 'GHA', visaType: null }).id).toBe('ecowas');
    expect(ruleFor(rules, { nationality: 'GHA', visaType: 'transit' }).id).toBe('transit-visa');
    expect(ruleFor(rules, { nationality: 'NGA', visaType: 'transit' }).id).toBe('nga-transit');
    expect(ruleFor(rules, { nationality: 'FRA', visaType: 'work' }).id).toBe('default');
  });
  it('refuses rules that cannot be evaluated', () => {
    expect(() => validateStayRules([])).toThrow(/non-empty/);
    expect(() => validateStayRules([{ id: 'a', match: { nationalities: ['FRA'] }, kind: 'exempt' }])).toThrow(/default/);
    expect(() => validateStayRules([{ id: 'a', match: {}, kind: 'fixed', maxDays: 0 }])).toThrow(/maxDays/);
    expect(() => validateStayRules([{ id: 'a', match: {}, kind: 'rolling', maxDays: 90, windowDays: 30 }])).toThrow(/windowDays/);
    expect(() => validateStayRules([{ id: 'a', match: {}, kind: 'forever' }])).toThrow(/unknown kind/);
    expect(() => validateStayRules([{ id: 'a', match: {}, kind: 'exempt' }, { id: 'a', match: {}, kind: 'exempt' }])).toThrow(/twice/);
  });
});

describe('fixed rule', () => {
  const rules = validateStayRules([{ id: 'thirty', match: {}, kind: 'fixed', maxDays: 30 }]);
  it('counts the entry day as day 1: 30 days allowed means the 30th day is the last legal one', () => {
    const stays = matchStays([crossing('entry', '2026-01-01')]);
    expect(evaluateStay(stays, rules, '2026-01-30T23:00:00Z')).toMatchObject({ daysInStay: 30, overstayDays: 0, overstaySince: null, allowedUntil: '2026-01-30' });
    expect(evaluateStay(stays, rules, '2026-01-31T01:00:00Z')).toMatchObject({ daysInStay: 31, overstayDays: 1, overstaySince: '2026-01-31' });
  });
  it('judges a closed stay by its exit day', () => {
    const stays = matchStays([crossing('entry', '2026-01-01'), crossing('exit', '2026-02-04')]);
    expect(evaluateStay(stays, rules, '2026-06-01T00:00:00Z')).toMatchObject({ daysInStay: 35, overstayDays: 5, overstaySince: '2026-01-31' });
  });
  it('exempt rules never overstay', () => {
    const stays = matchStays([crossing('entry', '2020-01-01')]);
    expect(evaluateStay(stays, validateStayRules([{ id: 'x', match: {}, kind: 'exempt' }]), '2026-01-01T00:00:00Z')).toMatchObject({ overstayDays: 0, allowedUntil: null, daysInStay: 2193 });
  });
  it('has nothing to evaluate for an exit without entry', () => {
    expect(evaluateStay(matchStays([crossing('exit', '2026-01-01')]), rules, '2026-02-01T00:00:00Z')).toBeNull();
  });
});

describe('rolling 90 days in any 180', () => {
  it('allows exactly 90 days in one stay and flags day 91', () => {
    const stays = matchStays([crossing('entry', '2026-01-01')]);
    const day90 = addDays('2026-01-01', 89);
    expect(evaluateStay(stays, rolling, `${day90}T12:00:00Z`)).toMatchObject({ daysInStay: 90, daysInWindow: 90, overstayDays: 0, allowedUntil: day90 });
    expect(evaluateStay(stays, rolling, `${addDays('2026-01-01', 90)}T12:00:00Z`)).toMatchObject({ daysInStay: 91, overstayDays: 1, overstaySince: addDays('2026-01-01', 90) });
  });

  it('counts entry and exit days of earlier stays, so a short trip can overstay', () => {
    // 80 days (Jan 1 – Mar 21) then back on Apr 1: 10 days left in the window, the 11th is an overstay.
    const history = [crossing('entry', '2026-01-01'), crossing('exit', '2026-03-21'), crossing('entry', '2026-04-01')];
    const result = evaluateStay(matchStays(history), rolling, '2026-04-20T08:00:00Z')!;
    expect(result.overstaySince).toBe('2026-04-11');
    expect(result.allowedUntil).toBe('2026-04-10');
    expect(result.overstayDays).toBe(10);
    expect(result.daysInWindow).toBe(100);
  });

  it('lets days leave the window: days older than 180 no longer count', () => {
    // 90 days Jan 1 – Mar 31, out for exactly 90 days, back Jun 30: Jan 2 leaves as each new day comes.
    const history = [crossing('entry', '2026-01-01'), crossing('exit', '2026-03-31'), crossing('entry', '2026-06-30')];
    const result = evaluateStay(matchStays(history), rolling, '2026-06-30T08:00:00Z')!;
    // Window of Jun 30 = Jan 2 .. Jun 30: 89 earlier days + today = 90: still legal, and each following day one old day leaves.
    expect(result.daysInWindow).toBe(90);
    expect(result.overstayDays).toBe(0);
    expect(result.allowedUntil).toBe(addDays('2026-06-30', 89));
  });

  it('on re-entry one day too early is an overstay on the first day', () => {
    const history = [crossing('entry', '2026-01-01'), crossing('exit', '2026-03-31'), crossing('entry', '2026-06-28')];
    const result = evaluateStay(matchStays(history), rolling, '2026-06-28T08:00:00Z')!;
    expect(result.daysInWindow).toBe(91);
    expect(result.overstaySince).toBe('2026-06-28');
    expect(result.allowedUntil).toBe('2026-06-27');
  });

  it('agrees with a brute-force day count on random histories (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 120 }), (trips, openFor) => {
        // Gaps and stay lengths in days, ending with an open stay.
        let day = dayNumber('2026-01-01T00:00:00Z');
        const history: StayCrossing[] = [];
        const present = new Set<number>();
        for (const [gap, length] of trips) {
          day += gap + 1;
          history.push(crossing('entry', dayString(day)));
          for (let d = day; d <= day + length; d += 1) present.add(d);
          day += length;
          history.push(crossing('exit', dayString(day)));
        }
        day += 1;
        history.push(crossing('entry', dayString(day)));
        const asOf = day + openFor;
        for (let d = day; d <= asOf; d += 1) present.add(d);
        const inWindow = (end: number) => {
          let n = 0;
          for (let d = end - 179; d <= end; d += 1) if (present.has(d)) n += 1;
          return n;
        };
        let firstOver: number | null = null;
        let overDays = 0;
        for (let d = day; d <= asOf; d += 1) {
          if (inWindow(d) > 90) {
            firstOver ??= d;
            overDays += 1;
          }
        }
        const result = evaluateStay(matchStays(history), rolling, `${dayString(asOf)}T12:00:00Z`)!;
        expect(result.daysInWindow).toBe(inWindow(asOf));
        expect(result.overstaySince).toBe(firstOver === null ? null : dayString(firstOver));
        expect(result.overstayDays).toBe(overDays);
      }),
      { numRuns: 150 },
    );
  });
});
