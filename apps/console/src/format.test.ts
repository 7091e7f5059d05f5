import { formatters, isDay } from './format';

test('a day is a real calendar day written YYYY-MM-DD', () => {
  expect(isDay('2026-06-01')).toBe(true);
  expect(isDay('2024-02-29')).toBe(true);
  expect(isDay('2026-02-29')).toBe(false);
  expect(isDay('2026-02-30')).toBe(false);
  expect(isDay('06/01/2026')).toBe(false);
  expect(isDay('2026-6-1')).toBe(false);
  expect(isDay('')).toBe(false);
});

test('numbers, seconds, scores and days follow the console language; days never shift with the time zone', () => {
  const en = formatters('en');
  const fr = formatters('fr');
  expect(en.count(1234567)).toBe('1,234,567');
  expect(fr.count(1234567).replace(/\s/g, ' ')).toBe('1 234 567');
  expect(en.seconds(47)).toBe('47.0');
  expect(fr.seconds(47)).toBe('47,0');
  expect(fr.score(0.931)).toBe('0,93');
  expect(en.percent(0.931)).toBe('93%');
  expect(fr.percent(0.931).replace(/\s/g, ' ')).toBe('93 %');
  expect(en.offset(-0.04)).toBe('0.0');
  expect(en.offset(3.84)).toBe('+3.8');
  expect(fr.offset(-3.6)).toMatch(/^[-−]3,6$/);
  expect(en.count(null)).toBe('—');
  // 1 June is 1 June whatever the machine's zone (formatted in UTC like the server's day column).
  expect(en.day('2026-06-01')).toBe('Jun 1, 2026');
  expect(fr.day('2026-06-01')).toBe('1 juin 2026');
  expect(fr.longDay('2026-06-01')).toBe('lun. 1 juin 2026');
  expect(en.time('2026-06-01T23:30:00Z')).toContain('11:30:00');
  expect(en.time('not a time')).toBe('—');
  expect(en.day('garbage')).toBe('garbage');
});
