import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../testing';
import { PassThrough } from 'node:stream';
import { splitBlocks, streamBlocks } from './mrz';

const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const MRVB = 'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<';
const REQUIRED = ['format', 'documentCode', 'issuingState', 'surname', 'givenNames', 'documentNumber', 'nationality', 'birthDate', 'sex', 'expiryDate', 'optionalData', 'valid', 'checks', 'corrections', 'errors'];

describe('borderpost mrz', () => {
  it('splits reader output into blocks on blank lines, keeping line endings', () => {
    expect(splitBlocks('A\r\nB\r\n\r\n  \r\nC\nD\n')).toEqual(['A\r\nB\r\n', 'C\nD\n']);
    expect(splitBlocks('')).toEqual([]);
    expect(splitBlocks('\n\n')).toEqual([]);
  });

  it('streams: a document is emitted as soon as its closing blank line arrives, CRLF split across chunks kept', async () => {
    const input = new PassThrough();
    const blocks = streamBlocks(input);
    input.write('AAA\r\nBBB\r');
    input.write('\n\r');
    input.write('\nCCC\n');
    const first = await blocks.next();
    expect(first.value).toBe('AAA\r\nBBB\r\n');
    input.end('DDD');
    const rest: string[] = [];
    for await (const block of blocks) rest.push(block);
    expect(rest).toEqual(['CCC\nDDD']);
  });

  it('streams: a character whose bytes arrive in two reads stays one character', async () => {
    const bytes = Buffer.from('P<UTOÉRIKSSON\n\nX\n', 'utf8');
    const at = bytes.indexOf(Buffer.from('É', 'utf8')) + 1;
    const blocks: string[] = [];
    for await (const block of streamBlocks((async function* () { yield bytes.subarray(0, at); yield bytes.subarray(at); })())) blocks.push(block);
    expect(blocks).toEqual(['P<UTOÉRIKSSON\n', 'X\n']);
  });

  it('parse: one JSON line per document; invalid documents are lines too, exit 0', async () => {
    const damaged = TD3.replace('L898902C36', 'L898902C37');
    const input = `${TD3}\r\n\r\n${TD1}\n\n\n${MRVB.toLowerCase()}\n\n${damaged}\n\nnot an mrz\n`;
    const result = await runCli(['mrz', 'parse', '--today', '2026-11-28'], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.lines).toHaveLength(5);
    const [td3, td1, mrvb, bad, garbage] = result.lines as Array<Record<string, unknown>>;
    for (const line of result.lines as Array<Record<string, unknown>>) for (const key of REQUIRED) expect(line).toHaveProperty(key);
    expect(td3).toMatchObject({ format: 'TD3', valid: true, documentNumber: 'L898902C3', birthDate: '1974-08-12', surname: 'ERIKSSON', givenNames: 'ANNA MARIA' });
    expect((td3?.warnings as Array<{ code: string }>).map((w) => w.code)).toContain('MRZ_INPUT_LINE_ENDINGS');
    expect(td1).toMatchObject({ format: 'TD1', valid: true, documentNumber: 'D23145890', checks: { documentNumber: true, birthDate: true, expiryDate: true, composite: true } });
    expect(mrvb).toMatchObject({ format: 'MRVB', kind: 'visa', valid: true, expiryDate: '1996-12-10' });
    expect(bad).toMatchObject({ format: 'TD3', valid: false, checks: { documentNumber: false } });
    expect(garbage).toMatchObject({ format: null, valid: false, errors: [{ code: 'MRZ_UNKNOWN_FORMAT' }] });
  });

  it('parse --no-repair leaves OCR errors as errors; default repairs and reports the correction', async () => {
    const misread = TD3.replace('L898902C36', 'L8989O2C36');
    const repaired = await runCli(['mrz', 'parse'], misread);
    expect(repaired.lines[0]).toMatchObject({ valid: true, documentNumber: 'L898902C3', corrections: [{ field: 'documentNumber', position: 6, from: 'O', to: '0' }] });
    const raw = await runCli(['mrz', 'parse', '--no-repair'], misread);
    expect(raw.lines[0]).toMatchObject({ valid: false, corrections: [] });
  });

  it('generate: valid synthetic MRZs that parse back, reproducible with --seed', async () => {
    for (const format of ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB']) {
      const generated = await runCli(['mrz', 'generate', '--format', format, '--count', '5', '--seed', '7', '--text']);
      expect(generated.code).toBe(0);
      const parsed = await runCli(['mrz', 'parse'], generated.stdout);
      expect(parsed.lines).toHaveLength(5);
      for (const line of parsed.lines) expect(line).toMatchObject({ format, valid: true });
    }
    const a = await runCli(['mrz', 'generate', '--count', '3', '--seed', '42']);
    const b = await runCli(['mrz', 'generate', '--count', '3', '--seed', '42']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.lines[0]).toMatchObject({ format: 'TD3', lines: [expect.any(String), expect.any(String)] });
  });

  it('usage errors exit 2 with a JSON error', async () => {
    const result = await runCli(['mrz', 'generate', '--format', 'TD9']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr.trim())).toMatchObject({ error: { code: 'CLI_USAGE' } });
    expect((await runCli(['mrz', 'parse', '--today', 'yesterday'])).code).toBe(2);
  });

  it('transliterate and fold', async () => {
    expect((await runCli(['mrz', 'transliterate', 'Jürgen', 'Müller-Lüdenscheidt'])).lines[0]).toEqual({ input: 'Jürgen Müller-Lüdenscheidt', mrz: 'JUERGEN MUELLER LUEDENSCHEIDT' });
    expect((await runCli(['mrz', 'fold', 'L8989O2C3'])).lines[0]).toEqual({ documentNumber: 'L8989O2C3', key: '1898902C3' });
  });

  it('works through the real bin (stdin to JSON Lines)', () => {
    const bin = path.resolve(__dirname, '..', '..', 'bin', 'borderpost.js');
    const run = spawnSync(process.execPath, [bin, 'mrz', 'parse'], { input: `${TD3}\n\n${TD1}\n`, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.format, l.valid])).toEqual([
      ['TD3', true],
      ['TD1', true],
    ]);
  });
});
