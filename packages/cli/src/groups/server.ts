import fs from 'node:fs';
import { BorderpostError } from '@borderpost/common';
import { exportReferenceBundle, importStationBundle, loadConfig, openStorage, startServer } from '@borderpost/server';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { readAll, writeJsonLine } from '../io';

interface StorageFlags {
  data?: string;
}

function configFrom(flags: StorageFlags & { port?: string; host?: string }) {
  if (flags.port !== undefined && !/^\d{1,5}$/.test(flags.port)) throw new UsageError('--port must be a number from 0 to 65535');
  return loadConfig(process.env, {
    ...(flags.data !== undefined ? { dataDir: flags.data } : {}),
    ...(flags.port !== undefined ? { port: Number(flags.port) } : {}),
    ...(flags.host !== undefined ? { host: flags.host } : {}),
  });
}

/**
 * `borderpost server` — the central server (SQLite in --data by default, PostgreSQL with DATABASE_URL),
 * plus the administrative commands that work on the same storage without a running server.
 */
export const serverGroup: CommandGroup = {
  name: 'server',
  description: 'Central server: replication API, station enrolment, admin API (SQLite by default, PostgreSQL with DATABASE_URL)',
  register(group, io) {
    // `server` alone (or with --data/--port/--host) runs the default subcommand `start`; the
    // administrative subcommands take their own --data.
    group
      .command('start', { isDefault: true })
      .description('Run the server (the default: `borderpost server [--data DIR] [--port N] [--host H]`)')
      .option('--data <dir>', 'data directory (SQLite file, server identity); env BORDERPOST_DATA_DIR')
      .option('--port <n>', 'TCP port (0 = any free port); env BORDERPOST_PORT')
      .option('--host <address>', 'address to listen on (default 127.0.0.1); env BORDERPOST_HOST')
      .action(async (flags: StorageFlags & { port?: string; host?: string }) => {
        const config = configFrom(flags);
        const server = await startServer(config);
        writeJsonLine(io.stdout, { listening: server.url, storage: server.storage.sql.dialect, dataDir: config.databaseUrl ? null : config.dataDir });
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            server.close().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        writeJsonLine(io.stdout, { stopped: true });
      });

    group
      .command('enrol')
      .description('Create a one-time enrolment code for a station of a post; prints {"code", "codeId", "postId", "expiresAt"}')
      .requiredOption('--post <postId>', 'the post the station will belong to')
      .option('--data <dir>', 'data directory of the server (ignored with DATABASE_URL)')
      .option('--ttl-minutes <n>', 'how long the code stays valid (default 1440 or BORDERPOST_ENROL_CODE_TTL_MINUTES)')
      .action(async (flags: StorageFlags & { post: string; ttlMinutes?: string }) => {
        if (flags.ttlMinutes !== undefined && !/^\d+$/.test(flags.ttlMinutes)) throw new UsageError('--ttl-minutes must be a positive integer');
        const config = configFrom(flags);
        const storage = await openStorage(config);
        try {
          const ttl = flags.ttlMinutes !== undefined ? Number(flags.ttlMinutes) : config.enrolCodeTtlMinutes;
          writeJsonLine(io.stdout, await storage.access.createEnrolmentCode(flags.post, 'cli', ttl));
        } finally {
          await storage.close();
        }
      });

    group
      .command('revoke-code')
      .description('Revoke an unused enrolment code')
      .requiredOption('--code-id <id>', 'the codeId printed by `server enrol`')
      .option('--data <dir>', 'data directory of the server')
      .action(async (flags: StorageFlags & { codeId: string }) => {
        const storage = await openStorage(configFrom(flags));
        try {
          await storage.access.revokeEnrolmentCode(flags.codeId, 'cli');
          writeJsonLine(io.stdout, { revoked: flags.codeId });
        } finally {
          await storage.close();
        }
      });

    group
      .command('create-user')
      .description('Create an administrator or supervisor; the password is read from stdin (first line)')
      .requiredOption('--user <userId>', 'user id')
      .option('--name <name>', 'display name')
      .option('--role <role>', 'admin or supervisor', 'admin')
      .option('--data <dir>', 'data directory of the server')
      .action(async (flags: StorageFlags & { user: string; name?: string; role: string }) => {
        if (flags.role !== 'admin' && flags.role !== 'supervisor') throw new UsageError('--role must be admin or supervisor');
        const password = (await readAll(io.stdin)).split('\n')[0]?.trim() ?? '';
        const storage = await openStorage(configFrom(flags));
        try {
          await storage.access.createUser({ userId: flags.user, name: flags.name ?? flags.user, role: flags.role, password }, 'cli');
          writeJsonLine(io.stdout, { userId: flags.user, role: flags.role });
        } finally {
          await storage.close();
        }
      });

    group
      .command('export-bundle')
      .description(
        'Removable media, the way back: the reference data meant for a post (users, alert lists, …) as a bundle signed by central and encrypted for each active station of the post. Prints {"path", "postId", "stationIds", "documents", "bytes"}',
      )
      .requiredOption('--post <postId>', 'the post')
      .requiredOption('--out <file>', 'the bundle file to write')
      .option('--data <dir>', 'data directory of the server (ignored with DATABASE_URL)')
      .action(async (flags: StorageFlags & { post: string; out: string }) => {
        const storage = await openStorage(configFrom(flags));
        try {
          const { bundle, postId, stationIds, documents } = await exportReferenceBundle(storage, flags.post);
          const temporary = `${flags.out}.tmp`;
          try {
            fs.writeFileSync(temporary, bundle);
            fs.renameSync(temporary, flags.out);
          } catch (error) {
            fs.rmSync(temporary, { force: true });
            throw new BorderpostError('BUNDLE_WRITE_FAILED', `cannot write ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          }
          writeJsonLine(io.stdout, { path: flags.out, postId, stationIds, documents, bytes: bundle.length });
        } finally {
          await storage.close();
        }
      });

    group
      .command('import-bundle')
      .description(
        'Import a station\'s removable-media bundle (verified with its registered key, documents checked as replication checks them; importing twice changes nothing). Prints {"from", "postId", "documents", "accepted": [{id, rev}], "refused": [{id, reason}]}; exit 1 when anything was refused',
      )
      .argument('<file>', 'the bundle file (from `borderpost post export-bundle`)')
      .option('--data <dir>', 'data directory of the server (ignored with DATABASE_URL)')
      .action(async (file: string, flags: StorageFlags) => {
        let bundle: Buffer;
        try {
          bundle = fs.readFileSync(file);
        } catch (error) {
          throw new BorderpostError('BUNDLE_FILE_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
        const storage = await openStorage(configFrom(flags));
        try {
          const report = await importStationBundle(storage, bundle);
          writeJsonLine(io.stdout, report);
          if (report.refused.length > 0) {
            throw new BorderpostError('BUNDLE_DOCUMENTS_REFUSED', `${report.refused.length} of ${report.documents} documents were refused (see refused on stdout); the others are stored`);
          }
        } finally {
          await storage.close();
        }
      });
  },
};
