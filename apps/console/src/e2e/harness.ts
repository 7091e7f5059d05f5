/**
 * Shared pieces of the console's Chromium scenarios (`*.e2e.test.ts`): the bundle built when stale,
 * PouchDB posts that push to a real central server, crossing fixtures from the schema examples, and a
 * headless Chromium with a signed-in page. Factored out of console.e2e.test.ts for new scenarios.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMrz, parseMrz, type MrzFormat, type MrzSex } from '@borderpost/mrz';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import { exampleDocuments } from '@borderpost/schemas';
import { PassThrough } from 'node:stream';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { buildOnce } from './build-once';

/* eslint-disable @typescript-eslint/no-require-imports -- PouchDB 9 packages are CommonJS without types */
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-replication'));
/* eslint-enable @typescript-eslint/no-require-imports */

export type PouchDoc = Record<string, unknown> & { _id: string };
export interface Pouch {
  bulkDocs(docs: PouchDoc[]): Promise<unknown>;
  get(id: string): Promise<PouchDoc>;
  allDocs(options: Record<string, unknown>): Promise<{ rows: { doc?: PouchDoc }[] }>;
  replicate: { to(target: Pouch): Promise<unknown>; from(source: Pouch): Promise<unknown> };
  destroy(): Promise<void>;
}

let pouches = 0;
/** A post's local database (in memory). */
export const localPouch = (): Pouch => new PouchDB(`console-e2e-harness-${process.pid}-${(pouches += 1)}`, { adapter: 'memory' });
/** One of central's databases over HTTP with a station's token. */
export const remotePouch = (url: string, { token }: { token: string }): Pouch =>
  new PouchDB(url, {
    skip_setup: true,
    fetch: (input: string, init: { headers: { set(name: string, value: string): void } }) => {
      init.headers.set('Authorization', `Bearer ${token}`);
      return PouchDB.fetch(input, init);
    },
  });

export const CHROMIUM = '/usr/bin/chromium';

/** `describe` when Chromium is installed; a loud skip locally, a failure under CI=true. */
export function describeIfChromium(scenario: string): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  if (process.env.CI === 'true') throw new Error(`${scenario}: Chromium is required under CI=true (.ci/setup.d/30-chromium.sh installs it)`);
  console.warn(`\n\n*** ${scenario} SKIPPED: /usr/bin/chromium not found (apt-get install -y chromium) ***\n\n`);
  return describe.skip;
}

export const APP_ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.resolve(APP_ROOT, '..', '..', 'artifacts', 'console');
export const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds the bundle when a source is newer than it (tests never depend on a previous build). Parallel
 * jest workers build it once between them (`build-once.ts`: a lock file, then an atomic swap). Tests
 * and the e2e folder are not sources of the bundle, so editing a scenario does not rebuild it.
 */
export function ensureBundle(): void {
  const outDir = path.join(APP_ROOT, 'dist', 'web');
  const index = path.join(outDir, 'index.html');
  const isSource = (name: string) => !/\.test\.tsx?$/.test(name);
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? (e.name === 'e2e' ? 0 : newest(path.join(dir, e.name))) : isSource(e.name) ? fs.statSync(path.join(dir, e.name)).mtimeMs : 0)));
  const isFresh = () => {
    const sources = Math.max(newest(path.join(APP_ROOT, 'src')), ...['index.html', 'vite.config.mjs', 'package.json'].map((f) => fs.statSync(path.join(APP_ROOT, f)).mtimeMs));
    return fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources;
  };
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  buildOnce({
    lockPath: path.join(APP_ROOT, 'dist', '.web-build.lock'),
    outDir,
    isFresh,
    build: (tempDir) => {
      const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [APP_ROOT] })), 'bin', 'vite.js');
      const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', tempDir, '--emptyOutDir'], { cwd: APP_ROOT, encoding: 'utf8', timeout: 180_000 });
      if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
    },
  });
}

export interface CrossingFields {
  direction: 'entry' | 'exit';
  surname: string;
  given: string;
  birthDate: string;
  nationality: string;
  documentNumber: string;
  hit?: boolean;
  officerId?: string;
  outcome?: 'admitted' | 'refused' | 'referred';
  riskFlags?: string[];
  final?: 'admitted' | 'refused';
  /** The document's expiry (YYYY-MM-DD); the example's otherwise. */
  expiryDate?: string;
}

/** A crossing from the schema examples, decided at `at` with the given traveller, document and checks. */
export function crossing(postId: string, seed: number, at: number, fields: CrossingFields): PouchDoc {
  const [doc] = exampleDocuments('crossing', { postId, count: 1, seed, startTime: at - 60_000 }) as PouchDoc[];
  const c = doc as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture surgery
  c.direction = fields.direction;
  if (fields.officerId) c.officerId = fields.officerId;
  c.traveller = { ...c.traveller, surname: fields.surname, givenNames: fields.given, birthDate: fields.birthDate, nationality: fields.nationality };
  if (fields.expiryDate) c.document.expiryDate = fields.expiryDate;
  // The MRZ the reader returned is this traveller's document (the example's lines are someone else's).
  const mrzLines = formatMrz(
    { documentCode: c.document.documentCode, issuingState: fields.nationality, surname: fields.surname, givenNames: fields.given, documentNumber: fields.documentNumber, nationality: fields.nationality, birthDate: fields.birthDate, sex: c.traveller.sex as MrzSex, expiryDate: c.document.expiryDate },
    c.document.format as MrzFormat,
  );
  const parsed = parseMrz(mrzLines.join('\n'), { today: new Date(at) });
  c.document = { ...c.document, issuingState: fields.nationality, documentNumber: fields.documentNumber, mrzLines, checks: parsed.checks, valid: parsed.valid };
  c.decision = { outcome: fields.outcome ?? 'admitted', at: iso(at) };
  if (fields.final) c.final = { outcome: fields.final, at: iso(at + 600_000), officerId: c.officerId };
  c.timings = { startedAt: iso(at - 40_000), documentReadAt: iso(at - 35_000), biometricsAt: iso(at - 15_000), checksAt: iso(at - 12_000), decidedAt: iso(at) };
  c.checks = {
    ...c.checks,
    hits: fields.hit ? [{ listId: 'national-watchlist', listVersion: 1, entryId: 'P-001', kind: 'person', score: 0.91, explanation: 'DIALLO ≈ DIALLO' }] : [],
    riskFlags: (fields.riskFlags ?? []).map((profileId) => ({ profileId, reason: `matches risk profile ${profileId}` })),
  };
  return c;
}

/** A headless Chromium (its own profile directory) whose page errors reach the test output. */
export async function launchConsoleBrowser(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-console-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1360, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  // The session probe before sign-in answers 401 by design; anything else is reported.
  page.on('console', (message) => message.type() === 'error' && !message.text().includes('401') && console.error(`browser console: ${message.text()}`));
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the console's form and waits for the navigation. */
export async function signIn(page: Page, baseUrl: string, user: string, password = 'long enough password'): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByTestId('user').fill(user);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.locator('nav').first().waitFor();
}

export interface ConsoleScenarioServer {
  server: RunningServer;
  dataDir: string;
  /** The `root` administrator's session token. */
  adminToken: string;
  /** Authorization header of a console user created for the scenario. */
  bearer(userId: string): Promise<{ authorization: string }>;
  /** Enrols a station of `postId` through the real HTTP endpoint; its token pushes that post's documents. */
  enrol(postId: string): Promise<{ token: string }>;
  close(): Promise<void>;
}

/**
 * A central server in a temporary folder for one scenario, with the `root` administrator and the console
 * users the scenario signs in as, created through the console API the way an administrator does
 * (password 'long enough password').
 */
export async function startConsoleServer(prefix: string, users: Array<{ userId: string; role: 'admin' | 'supervisor' | 'analyst' }>): Promise<ConsoleScenarioServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `borderpost-${prefix}-`));
  const server = await startServer(loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn' }), { logStream: new PassThrough() });
  const access = server.storage.access;
  await access.createUser({ userId: 'root', name: 'Root', role: 'admin', password: 'correct horse battery' }, 'test');
  const adminToken = (await access.signIn('root', 'correct horse battery')).token;
  for (const { userId, role } of users) {
    const created = await server.app.inject({ method: 'POST', url: '/api/console/users', headers: { authorization: `Bearer ${adminToken}` }, payload: { userId, name: userId, role, password: 'long enough password' } });
    if (created.statusCode !== 201) throw new Error(`console user ${userId} not created: ${created.body}`);
  }
  return {
    server,
    dataDir,
    adminToken,
    bearer: async (userId) => ({ authorization: `Bearer ${(await access.signIn(userId, 'long enough password')).token}` }),
    enrol: async (postId) => {
      const { code } = await access.createEnrolmentCode(postId, 'test', 60);
      return (await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: `${postId} 1` } })).json() as { token: string };
    },
    close: async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
