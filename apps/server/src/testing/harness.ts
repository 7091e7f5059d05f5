import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig, type ServerConfig } from '../config';
import { type RunningServer, startServer } from '../server';
import { freshDatabase, testPostgres, type TestPostgres } from './postgres';

export type Backend = 'sqlite' | 'postgres';

/**
 * One server per test file, on SQLite or on PostgreSQL, reachable over a real socket on 127.0.0.1.
 * `restart()` keeps the data (same directory or database) and may change the port, as a real restart.
 */
export class TestServer {
  server!: RunningServer;
  readonly logs: string[] = [];
  private config!: ServerConfig;
  private dropDatabase: (() => Promise<void>) | null = null;
  private dataDir = '';

  static async start(backend: Backend, postgres: TestPostgres | null, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
    const test = new TestServer();
    test.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-server-'));
    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      if (!postgres) throw new Error('no PostgreSQL for this test');
      const db = await freshDatabase(postgres.adminUrl);
      databaseUrl = db.url;
      test.dropDatabase = db.drop;
    }
    test.config = { ...loadConfig({}, { dataDir: test.dataDir, port: 0, host: '127.0.0.1', logLevel: 'info', longpollMaxMs: 5000, ...overrides }), databaseUrl };
    try {
      await test.boot();
    } catch (error) {
      // A server that cannot start leaves nothing behind (no data directory, no database).
      await test.dropDatabase?.().catch(() => undefined);
      fs.rmSync(test.dataDir, { recursive: true, force: true });
      throw error;
    }
    return test;
  }

  private async boot(): Promise<void> {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
    this.server = await startServer(this.config, { logStream });
  }

  /** Another server instance over the same storage (PostgreSQL: what scaling out looks like). */
  async startSibling(): Promise<RunningServer> {
    return startServer(this.config, { logStream: new PassThrough() });
  }

  get databaseUrl(): string | null {
    return this.config.databaseUrl;
  }

  get dataDirectory(): string {
    return this.dataDir;
  }

  get url(): string {
    return this.server.url;
  }

  async restart(): Promise<void> {
    await this.server.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.dropDatabase?.();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** An admin session token (creates the user on first call). */
  async adminToken(): Promise<string> {
    const access = this.server.storage.access;
    await access.createUser({ userId: 'root', name: 'Root', role: 'admin', password: 'correct horse battery' }, 'test').catch(() => undefined);
    return (await access.signIn('root', 'correct horse battery')).token;
  }

  /**
   * A console session token for `role`: the admin's, or a `<role>1` console user created through the console
   * API on first use (as an administrator would), password 'long enough password'.
   */
  async consoleToken(role: 'admin' | 'supervisor' | 'analyst'): Promise<string> {
    const admin = await this.adminToken();
    if (role === 'admin') return admin;
    const access = this.server.storage.access;
    const signIn = () => access.signIn(`${role}1`, 'long enough password');
    const existing = await signIn().catch(() => null);
    if (existing) return existing.token;
    const created = await this.server.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: { authorization: `Bearer ${admin}` },
      payload: { userId: `${role}1`, name: role, role, password: 'long enough password' },
    });
    if (created.statusCode !== 201) throw new Error(`console user not created: ${created.body}`);
    return (await signIn()).token;
  }

  /** Enrols a station of `postId` through the real HTTP endpoint. */
  async enrolStation(postId: string, name = 'Workstation 1'): Promise<{ stationId: string; postId: string; token: string }> {
    const { code } = await this.server.storage.access.createEnrolmentCode(postId, 'test', 60);
    const response = await this.server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: name } });
    if (response.statusCode !== 201) throw new Error(`enrolment failed: ${response.body}`);
    return response.json();
  }
}

/** Runs `body` once per available backend, as `describe.each` would, with PostgreSQL set up per file. */
export function describeBackends(title: string, body: (context: { backend: Backend; postgres: () => TestPostgres | null }) => void): void {
  let postgres: TestPostgres | null = null;
  const postgresAvailable = process.env.BORDERPOST_TEST_DATABASE_URL !== undefined || process.env.CI === 'true' || canUsePostgres();
  describe(`${title} [sqlite]`, () => body({ backend: 'sqlite', postgres: () => null }));
  if (!postgresAvailable) {
    console.warn(`\n!!!!!!!! SKIPPING "${title}" on PostgreSQL: set BORDERPOST_TEST_DATABASE_URL or install PostgreSQL 15 !!!!!!!!\n`);
    describe.skip(`${title} [postgres]`, () => body({ backend: 'postgres', postgres: () => null }));
    return;
  }
  describe(`${title} [postgres]`, () => {
    beforeAll(async () => {
      postgres = await testPostgres();
    }, 60_000);
    afterAll(async () => {
      await postgres?.stop();
    });
    // An inner block, so its afterAll (servers, databases) runs before the cluster stops.
    describe('on PostgreSQL', () => body({ backend: 'postgres', postgres: () => postgres }));
  });
}

function canUsePostgres(): boolean {
  return fs.existsSync('/usr/lib/postgresql/15/bin/initdb') && process.getuid?.() === 0;
}
