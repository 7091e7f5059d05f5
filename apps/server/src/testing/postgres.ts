import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * PostgreSQL for the server tests. `BORDERPOST_TEST_DATABASE_URL` (set by .ci/setup.d/20-postgres.sh)
 * names a server whose user may create databases; without it, a throwaway cluster is started from the
 * PostgreSQL 15 binaries when they are installed. Without either, the PostgreSQL tests skip with a
 * loud message — except under CI=true, where they fail.
 */
const BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function startThrowawayCluster(): Promise<TestPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-pg-'));
  fs.chmodSync(root, 0o755);
  const data = path.join(root, 'data');
  fs.mkdirSync(data);
  execFileSync('chown', ['-R', 'postgres:postgres', root]);
  const asPostgres = (command: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args], { stdio: 'pipe' });
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  asPostgres('pg_ctl', ['-D', data, '-l', path.join(root, 'log'), '-w', '-o', `-k ${root} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function canStartCluster(): boolean {
  return fs.existsSync(path.join(BIN, 'initdb')) && process.getuid?.() === 0;
}

/** A PostgreSQL server for this test file, or null (after a loud warning) when none can be had locally. */
export async function testPostgres(): Promise<TestPostgres | null> {
  const url = process.env.BORDERPOST_TEST_DATABASE_URL;
  if (url) return { adminUrl: url, stop: async () => undefined };
  if (canStartCluster()) return startThrowawayCluster();
  const message = 'PostgreSQL tests need BORDERPOST_TEST_DATABASE_URL or PostgreSQL 15 binaries (run as root)';
  if (process.env.CI === 'true') throw new Error(`${message}; under CI=true they must run (see .ci/setup.d/20-postgres.sh)`);
  console.warn(`\n!!!!!!!! SKIPPING the PostgreSQL server tests: ${message} !!!!!!!!\n`);
  return null;
}

/** A new, empty database on that server; `drop` removes it. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bp_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
