import { EventHub, createDispatcher } from '@borderpost/contract';
import { serveContract } from '@borderpost/post-serve';
import { provisionFromSnapshot } from '@borderpost/alert-index';
import { BorderpostError } from '@borderpost/common';
import { openStationAlertIndex, resetTravellerBackfill, startPostRuntime, startStationDevices } from '@borderpost/runtime';
import { FileSecretStore, enrolStation, placeholderHandlers } from '@borderpost/runtime-core';
import path from 'node:path';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { readLines, writeJsonLine } from '../io';
import { recordTravellerLines } from '../traveller-lines';

/**
 * `borderpost post` — the post runtime outside Electron. `post serve` is browser mode: the runtime's
 * typed contract over HTTP on 127.0.0.1 with a per-launch secret. With `--data`, the post runtime
 * (`@borderpost/runtime`: enrolment, encrypted store, sync, offline sign-in, capture, the devices of
 * `<data>/station-devices.json`); without it, the placeholder runtime.
 */
export const postGroup: CommandGroup = {
  name: 'post',
  description: 'The post runtime outside Electron (browser mode)',
  register(group, io) {
    group
      .command('enrol')
      .description('Enrol this machine as a station of a post with a one-time code; keeps the token and database key in <data>/station-secrets.json (mode 0600). Prints {"stationId", "postId", "serverUrl"}')
      .requiredOption('--server <url>', 'the central server, e.g. https://central.example.org')
      .requiredOption('--code <code>', 'the one-time enrolment code from central')
      .requiredOption('--data <dir>', "the post's data directory")
      .option('--name <name>', 'a name for this station', 'Workstation')
      .action(async (flags: { server: string; code: string; data: string; name: string }) => {
        const secrets = new FileSecretStore(path.join(flags.data, 'station-secrets.json'));
        const result = await enrolStation({ serverUrl: flags.server, code: flags.code, stationName: flags.name, secrets });
        if (!result.ok) throw new BorderpostError(result.error.code, result.error.message, result.error.details);
        // Never the token or the key: they stay in the secrets file.
        writeJsonLine(io.stdout, { stationId: result.value.stationId, postId: result.value.postId, serverUrl: result.value.serverUrl });
      });

    group
      .command('export-bundle')
      .description(
        'Removable media: write everything central has not acknowledged to a bundle file (signed by this station, encrypted for central). Prints {"path", "documents", "bytes"}; import it with `borderpost server import-bundle`',
      )
      .requiredOption('--data <dir>', "the post's data directory (an enrolled station)")
      .requiredOption('--out <file>', 'the bundle file to write (e.g. on a USB stick)')
      .action(async (flags: { data: string; out: string }) => {
        // The runtime opens the encrypted store with the station's key; no sync is wanted for an export.
        const runtime = await startPostRuntime({ dataDir: flags.data, mode: 'browser', sync: { intervalMs: 24 * 3_600_000 } });
        runtime.setOnline(false);
        try {
          writeJsonLine(io.stdout, await runtime.exportBundle(path.resolve(flags.out)));
        } finally {
          await runtime.stop();
        }
      });

    group
      .command('import-bundle')
      .description('Removable media, the way back: import the reference-data bundle central exported for this post (`borderpost server export-bundle`). Prints {"documents", "alreadyPresent"}')
      .requiredOption('--data <dir>', "the post's data directory (an enrolled station)")
      .argument('<file>', 'the bundle file')
      .action(async (file: string, flags: { data: string }) => {
        const runtime = await startPostRuntime({ dataDir: flags.data, mode: 'browser', sync: { intervalMs: 24 * 3_600_000 } });
        runtime.setOnline(false);
        try {
          writeJsonLine(io.stdout, await runtime.importBundle(path.resolve(file)));
        } finally {
          await runtime.stop();
        }
      });

    group
      .command('seed-history')
      .description(
        'Count travellers read as JSON Lines on stdin (the post\'s past crossings, e.g. older than the station keeps) in the station\'s own encrypted alert index, whose namesake estimate follows them; the station must be stopped. Prints {"recorded","travellers"}',
      )
      .requiredOption('--data <dir>', "the post's data directory (an enrolled station, not running)")
      .option('--clear', 'forget the travellers counted so far first; the next start counts the crossings in the station\'s database again')
      .option('--skip-bad-lines', 'count the good lines of an input with bad lines (default: count nothing)')
      .action(async (flags: { data: string; clear?: boolean; skipBadLines?: boolean }) => {
        // RUNTIME_STATION_RUNNING while a runtime has the directory open (it caches the traveller total).
        const station = await openStationAlertIndex(flags.data);
        try {
          const { db, index } = station;
          // Cleared together with the start-up backfill's mark, or the crossings it counted would be lost for good.
          const clear = flags.clear === true ? () => (index.clearTravellerHistory(), resetTravellerBackfill(db)) : undefined;
          writeJsonLine(io.stdout, await recordTravellerLines(db, index, readLines(io.stdin), { ...(clear ? { clear } : {}), skipBadLines: flags.skipBadLines === true }));
        } finally {
          station.close();
        }
      });

    group
      .command('provision-alerts')
      .description(
        'Provision a new (stopped) station\'s encrypted alert index from a snapshot file (an index written by `borderpost match build`) in one transaction, instead of replicating every list document; the station\'s traveller history is kept. Prints {"lists","persons","documents","checkpoint","travellers","ms"}',
      )
      .requiredOption('--data <dir>', "the post's data directory (an enrolled station, not running)")
      .requiredOption('--snapshot <file>', 'the snapshot: an alert index file built by `borderpost match build`')
      .option('--snapshot-key <key>', 'passphrase of an encrypted snapshot (default: a plain file)')
      .action(async (flags: { data: string; snapshot: string; snapshotKey?: string }) => {
        if (flags.snapshotKey !== undefined && flags.snapshotKey.length === 0) throw new UsageError('--snapshot-key must not be empty');
        const started = Date.now();
        // RUNTIME_STATION_RUNNING while a runtime has the directory open: it holds its own AlertIndex over the file.
        const station = await openStationAlertIndex(flags.data);
        try {
          // The station's previous lists are replaced as a whole, or kept when the snapshot is bad
          // (MATCH_SNAPSHOT_NOT_FOUND / _BAD / _VERSION pass through with their codes).
          const index = provisionFromSnapshot(station.db, path.resolve(flags.snapshot), flags.snapshotKey !== undefined ? { snapshotKey: flags.snapshotKey } : {});
          const stats = index.stats();
          writeJsonLine(io.stdout, { ...stats, travellers: index.travellerHistory(), ms: Date.now() - started });
        } finally {
          station.close();
        }
      });

    group
      .command('serve')
      .description('Serve the post runtime over HTTP on 127.0.0.1; prints {"listening", "launchUrl"} (the launch URL carries the secret)')
      .option('--port <n>', 'TCP port (0 = any free port)', '0')
      .option('--ui <dir>', 'directory of the built officer UI to serve')
      .option('--allow-origin <origin...>', 'extra origins allowed to call the API (a UI dev server)')
      .option('--data <dir>', "the post's data directory: runs the post runtime (enrolment, store, sync, sign-in); without it, the placeholder runtime")
      .action(async (flags: { port: string; ui?: string; allowOrigin?: string[]; data?: string }) => {
        if (!/^\d{1,5}$/.test(flags.port) || Number(flags.port) > 65535) throw new UsageError('--port must be a number from 0 to 65535');
        // The station's saved device configuration (<data>/station-devices.json), when there is one.
        const devices = flags.data ? await startStationDevices(flags.data) : null;
        const runtime = flags.data ? await startPostRuntime({ dataDir: flags.data, mode: 'browser', devices }) : null;
        const events = runtime?.events ?? new EventHub();
        const dispatch = runtime?.dispatch ?? createDispatcher(placeholderHandlers('browser'));
        const server = await serveContract({
          dispatch,
          events,
          port: Number(flags.port),
          staticDir: flags.ui ?? null,
          allowedOrigins: flags.allowOrigin ?? [],
        });
        writeJsonLine(io.stdout, { listening: server.url, launchUrl: server.launchUrl, runtime: runtime ? 'post' : 'placeholder', station: runtime?.station() ?? null });
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            server
              .close()
              .then(() => runtime?.stop())
              .then(() => devices?.stop())
              .then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        writeJsonLine(io.stdout, { stopped: true });
      });
  },
};
