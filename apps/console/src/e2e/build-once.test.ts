import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOnce } from './build-once';

jest.setTimeout(60_000);

const TSX = require.resolve('tsx');
let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-build-once-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A build that takes a while, counts itself and writes two files. */
const slowBuildSource = (outDir: string, counter: string) => `
import fs from 'node:fs';
import path from 'node:path';
import { buildOnce } from ${JSON.stringify(path.join(__dirname, 'build-once.ts'))};
const outDir = ${JSON.stringify(outDir)};
const result = buildOnce({
  lockPath: outDir + '.lock',
  outDir,
  isFresh: () => fs.existsSync(path.join(outDir, 'index.html')),
  pollMs: 20,
  build: (temp) => {
    fs.appendFileSync(${JSON.stringify(counter)}, process.pid + '\\n');
    fs.mkdirSync(temp);
    fs.writeFileSync(path.join(temp, 'asset.js'), 'x');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
    fs.writeFileSync(path.join(temp, 'index.html'), 'built by ' + process.pid);
  },
});
process.stdout.write(result);
`;

const run = (script: string) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });

test('three processes wanting the output at once build it once; the others wait and find it fresh', async () => {
  const outDir = path.join(dir, 'web');
  const counter = path.join(dir, 'builds.txt');
  const script = path.join(dir, 'build.ts');
  fs.writeFileSync(script, slowBuildSource(outDir, counter));
  const results = await Promise.all([run(script), run(script), run(script)]);
  expect(results.sort()).toEqual(['built', 'fresh', 'fresh']);
  expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
  expect(fs.readdirSync(outDir).sort()).toEqual(['asset.js', 'index.html']);
  // No lock, temporary or old directory left behind.
  expect(fs.readdirSync(dir).sort()).toEqual(['build.ts', 'builds.txt', 'web']);
});

test('a rebuild replaces the whole directory (no file of the old build survives) and leaves nothing behind', () => {
  const outDir = path.join(dir, 'web');
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(outDir, 'old-asset.js'), 'old');
  const result = buildOnce({
    lockPath: path.join(dir, 'lock'),
    outDir,
    isFresh: () => fs.existsSync(path.join(outDir, 'index.html')),
    build: (temp) => {
      fs.mkdirSync(temp);
      fs.writeFileSync(path.join(temp, 'index.html'), 'new');
    },
  });
  expect(result).toBe('built');
  expect(fs.readdirSync(outDir)).toEqual(['index.html']);
  expect(fs.readdirSync(dir)).toEqual(['web']);
});

test('a lock left by a process that died is taken over; a failed build keeps the previous output', () => {
  const outDir = path.join(dir, 'web');
  const lockPath = path.join(dir, 'lock');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(lockPath, dead);
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(outDir, 'previous.html'), 'previous');
  expect(() =>
    buildOnce({
      lockPath,
      outDir,
      isFresh: () => false,
      pollMs: 10,
      build: (temp) => {
        fs.mkdirSync(temp);
        throw new Error('vite build failed');
      },
    }),
  ).toThrow('vite build failed');
  expect(fs.readdirSync(outDir)).toEqual(['previous.html']);
  expect(fs.readdirSync(dir).sort()).toEqual(['web']);
});

test('waiting for a live builder gives up after the timeout with a clear message', () => {
  const lockPath = path.join(dir, 'lock');
  fs.writeFileSync(lockPath, String(process.pid)); // this process: alive
  expect(() => buildOnce({ lockPath, outDir: path.join(dir, 'web'), isFresh: () => false, build: () => undefined, timeoutMs: 100, pollMs: 20 })).toThrow(/holds .*lock for too long/);
  expect(fs.existsSync(lockPath)).toBe(true);
});
