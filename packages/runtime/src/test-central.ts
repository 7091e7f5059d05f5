/**
 * Test support for the runtime's end-to-end tests (not exported from the package): a real central server
 * in a temporary folder, reference documents written into it the way replication writes them, officers
 * with cheap password hashes, and the small polling helpers every test needs.
 */
import { hashPassword } from '@borderpost/runtime-core';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import { ByteMeter, pouchWithReplication, remoteDatabase } from '@borderpost/sync-pouch';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PouchDB = pouchWithReplication();

export interface TestCentral {
  dir: string;
  server: RunningServer;
  /** An administrator's session token. */
  adminToken: string;
  /** Writes reference documents as replication does (`new_edits: false`, a fresh first revision each). */
  writeReference(docs: Record<string, unknown>[]): Promise<void>;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

export async function startTestCentral(prefix: string): Promise<TestCentral> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bp-${prefix}-`));
  const server = await startServer(loadConfig({}, { dataDir: path.join(dir, 'central'), port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.storage.access.createUser({ userId: 'root', name: 'Root', role: 'admin', password: 'correct horse battery' }, 'test');
  const adminToken = (await server.storage.access.signIn('root', 'correct horse battery')).token;
  // Central speaks the replication protocol only: documents arrive as replication writes them.
  const reference = remoteDatabase(PouchDB, `${server.url}/reference`, { token: () => adminToken, meter: new ByteMeter() }) as unknown as {
    bulkDocs(docs: object[], options: { new_edits: false }): Promise<Array<{ id?: string; error?: string }>>;
  };
  return {
    dir,
    server,
    adminToken,
    writeReference: async (docs) => {
      const replicated = docs.map((doc) => {
        const rev = crypto.randomBytes(16).toString('hex');
        return { ...doc, _rev: `1-${rev}`, _revisions: { start: 1, ids: [rev] } };
      });
      const failed = (await reference.bulkDocs(replicated, { new_edits: false })).filter((result) => result.error);
      if (failed.length > 0) throw new Error(`reference documents refused: ${JSON.stringify(failed)}`);
    },
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A `user:` reference document with a cheap scrypt hash (tests only; production uses the default cost). */
export async function officerDocument(officer: { userId: string; name: string; password: string; roles?: string[]; posts: string[] }): Promise<Record<string, unknown>> {
  const template = exampleDocuments('user', { postId: officer.posts[0] ?? 'north-gate', count: 1, seed: 1 })[0] as Record<string, unknown>;
  return {
    ...template,
    _id: `user:${officer.userId}`,
    userId: officer.userId,
    name: officer.name,
    ...(officer.roles ? { roles: officer.roles } : {}),
    posts: officer.posts,
    passwordHash: await hashPassword(officer.password, { N: 1024, r: 8, p: 1 }),
  };
}

/** Polls `read` until `done` (bounded: `tries` × `intervalMs`), then returns the value or throws naming `what`. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 800, intervalMs = 25): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The value of a contract answer, or an error naming its code. */
export function unwrap<T>(answer: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}
