import { BorderpostError, err, ok, toErrorData } from '@borderpost/common';
import crypto from 'node:crypto';
import { EventHub, type HandlerImplementations, createDispatcher, type Dispatch } from '@borderpost/contract';
import { ProjectionRunner, crossingsByDocument, crossingsProjection, purgeLocal, sqliteAdapter, storeOf } from '@borderpost/docstore';
import {
  FileSecretStore,
  LockoutTracker,
  OfficerSessions,
  type SecretCodec,
  type SessionAuditEntry,
  type StationSecrets,
  type UserRecord,
  enrolStation,
  placeholderHandlers,
  sessionService,
  syncService,
} from '@borderpost/runtime-core';
import { newPostDocId } from '@borderpost/schemas';
import { AlertIndex } from '@borderpost/alert-index';
import { openDatabase } from '@borderpost/sqlite';
import type { DeviceManager, EnumerationResult, StationDeviceConfig } from '@borderpost/devices';
import { attachDevices, deviceHandlers } from './devices';
import { HealthReporter, devicesForHealthReport } from './health-report';
import { StationDevices } from './station-devices';
import { ShiftService } from './shifts';
import { CaptureService, type CaptureDb, type CaptureSettings, type FingerprintSource } from './capture';
import { markStationRunning } from './station-running';
import { type CrossingPages, type TravellerBackfillResult, type TravellerBackfillState, beginTravellerBackfill, runTravellerBackfill } from './traveller-backfill';
import { type Replicator, type StalenessLimits, SyncScheduler } from '@borderpost/sync';
import type { CrossingSummary, Events, StationSettings } from '@borderpost/contract';
import { ByteMeter, ClockOffsetEstimator, type PouchDatabase, PouchReplicator, exportBundle, importBundle, pouchWithReplication, remoteDatabase } from '@borderpost/sync-pouch';
import fs from 'node:fs';
import path from 'node:path';

const PouchDB = pouchWithReplication(sqliteAdapter);

interface SyncMemory {
  lastSuccessAt: string | null;
  serverClockOffsetMs: number | null;
  /** The post database's update sequence central had received by the last successful push. */
  acknowledgedSeq?: number | string | null;
}

function readSyncMemory(file: string): SyncMemory {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SyncMemory>;
    return {
      lastSuccessAt: typeof value.lastSuccessAt === 'string' && !Number.isNaN(Date.parse(value.lastSuccessAt)) ? value.lastSuccessAt : null,
      serverClockOffsetMs: typeof value.serverClockOffsetMs === 'number' ? value.serverClockOffsetMs : null,
      acknowledgedSeq: typeof value.acknowledgedSeq === 'number' || typeof value.acknowledgedSeq === 'string' ? value.acknowledgedSeq : null,
    };
  } catch {
    return { lastSuccessAt: null, serverClockOffsetMs: null, acknowledgedSeq: null }; // missing or damaged: as if never synced
  }
}

interface CentralCrossingRow {
  id: string;
  post_id: string;
  officer_id: string | null;
  direction: string;
  outcome: string;
  final_outcome?: string | null;
  decided_at: string;
  surname: string | null;
  given_names: string | null;
  nationality: string | null;
  issuing_state: string;
  document_number: string;
  hit_count: number | null;
}

/** A traveller's crossings at every post, asked from central when there is a link (a short timeout: the officer waits). */
async function centralHistory(serverUrl: string, token: () => string, issuingState: string, documentNumber: string): Promise<CrossingSummary[]> {
  const url = `${serverUrl}/api/travellers/crossings?${new URLSearchParams({ issuingState, documentNumber })}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token()}` }, signal: AbortSignal.timeout(4000) });
  } catch (error) {
    throw new BorderpostError('SYNC_OFFLINE', `central could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new BorderpostError('HISTORY_CENTRAL_REFUSED', `central answered ${response.status}`);
  const body = (await response.json()) as { crossings?: CentralCrossingRow[] };
  return (body.crossings ?? []).map((row) => ({
    crossingId: row.id,
    postId: row.post_id,
    direction: row.direction === 'exit' ? 'exit' : 'entry',
    at: row.decided_at,
    surname: row.surname ?? '',
    givenNames: row.given_names ?? '',
    nationality: row.nationality ?? '',
    issuingState: row.issuing_state,
    documentNumber: row.document_number,
    // A referral's final decision after secondary inspection is what the officer needs to know.
    outcome: ((outcome) => (outcome === 'refused' || outcome === 'referred' ? outcome : 'admitted'))(row.final_outcome ?? row.outcome),
    hits: Number(row.hit_count ?? 0),
    officerId: row.officer_id ?? '',
    synced: true,
  }));
}

/** Backfill log lines carry counts and timings, never a name; on stderr like every runtime log (stdout is the CLI's JSON). */
function logBackfill(entry: Record<string, unknown>): void {
  console.error(`borderpost runtime: ${JSON.stringify(entry)}`);
}

/** Runs the start-up backfill, logging its start and end; a failure is logged and retried at the next start. */
async function backfillTravellerHistory(local: CrossingPages, index: AlertIndex, state: TravellerBackfillState, stopped: () => boolean): Promise<TravellerBackfillResult | null> {
  const started = Date.now();
  logBackfill({ event: 'traveller-backfill.start', resumed: state.crossings > 0, crossingsAlreadyCounted: state.crossings, travellers: index.travellerHistory() });
  try {
    const result = await runTravellerBackfill({ local, index, state, stopped });
    logBackfill({ event: result.finished ? 'traveller-backfill.end' : 'traveller-backfill.interrupted', ...result, longestPageMs: Math.round(result.longestPageMs), ms: Date.now() - started });
    return result;
  } catch (error) {
    logBackfill({ event: 'traveller-backfill.failed', code: 'RUNTIME_TRAVELLER_BACKFILL_FAILED', cause: toErrorData(error), ms: Date.now() - started });
    return null;
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null; // missing or damaged: defaults
  }
}

function writeJsonAtomically(file: string, value: unknown): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function writeSyncMemory(file: string, memory: SyncMemory): void {
  writeJsonAtomically(file, memory);
}

export interface PostRuntimeOptions {
  /** Where the station keeps its secrets and databases. */
  dataDir: string;
  mode: 'electron' | 'browser';
  /** Seals the secrets file with the OS keychain (Electron safeStorage); none in browser mode (0600 file). */
  secretCodec?: SecretCodec | null;
  sync?: { intervalMs?: number; batchSize?: number; staleness?: StalenessLimits };
  idle?: { timeoutMs: number; warningMs: number };
  /** Receives every audit entry (sign-ins, sign-outs) — written as audit documents once capture lands. */
  audit?: (entry: SessionAuditEntry) => void;
  version?: string;
  /** The fingerprint scanner (the device layer, or an emulator); capture.captureFinger fails cleanly without one. */
  fingerprints?: FingerprintSource | null;
  /** The station's devices (started by the caller): reads become `device.mrz` events, the scanner serves captureFinger. */
  devices?: DeviceManager | null;
  /** Builds the manager for a configuration a technician assigns (default: a DeviceManager on the real ports). */
  createDevices?: (config: StationDeviceConfig) => DeviceManager;
  /** Lists what is plugged in for the technician (default: serial ports, HID devices, SBI services). */
  enumerateDevices?: () => Promise<EnumerationResult>;
  capture?: Partial<CaptureSettings>;
  /** Crossings acknowledged by central and older than this are purged locally after each successful sync. */
  retention?: { crossingsMs: number };
  /** How often the station writes its device-health report for the console (default 15 minutes). */
  healthReportIntervalMs?: number;
}

export interface PostRuntime {
  dispatch: Dispatch;
  events: EventHub;
  /** The station's post and id once enrolled. */
  station(): Pick<StationSecrets, 'postId' | 'stationId' | 'serverUrl'> | null;
  /** The operating system's connectivity signal (Electron `net.isOnline()`): coming back online syncs. */
  setOnline(online: boolean): void;
  /**
   * Retention on the laptop: purges local crossings older than `olderThanMs` that central holds at the
   * same revision (asked with `_revs_diff`); never replicated as deletions. Without a link nothing goes.
   */
  purgeRetention(olderThanMs: number): Promise<{ purged: number; kept: number }>;
  /** Removable media: writes what central has not acknowledged to a bundle file (signed by the station, encrypted for central). */
  exportBundle(outPath: string): Promise<{ path: string; documents: number; bytes: number }>;
  /** Removable media, the way back: central's reference bundle for this post (signed by central, encrypted for this station). */
  importBundle(inPath: string): Promise<{ documents: number; alreadyPresent: number }>;
  /**
   * The start-up backfill of the alert index's traveller history (crossings already in the post database,
   * counted once): settles when it is done or interrupted by `stop`, with null when there was nothing to do
   * (already done, not enrolled) or it failed (logged as RUNTIME_TRAVELLER_BACKFILL_FAILED).
   */
  travellerBackfill(): Promise<TravellerBackfillResult | null>;
  stop(): Promise<void>;
}

type ChangesFeed = { cancel(): void; on(event: 'change', listener: () => void): unknown };
type LocalDb = PouchDatabase & {
  get(id: string): Promise<unknown>;
  put(doc: Record<string, unknown>): Promise<unknown>;
  changes(options: { live: true; since: 'now' }): ChangesFeed;
};

/**
 * The post runtime as far as it goes today (issue 6): enrolment, the encrypted store, sync with central
 * (timer, link, "Sync now", state events) and offline sign-in against replicated user documents, behind
 * the contract's dispatcher with its access rules. Calls not built yet (capture, history, devices…)
 * answer RUNTIME_NOT_READY. Used by the Electron utility process and by `borderpost post serve --data`.
 */
export async function startPostRuntime(options: PostRuntimeOptions): Promise<PostRuntime> {
  const events = new EventHub();
  const syncMemoryFile = path.join(options.dataDir, 'sync-state.json');
  const secretsStore = new FileSecretStore(path.join(options.dataDir, 'station-secrets.json'), options.secretCodec ?? null);
  let handlers: HandlerImplementations = {};
  let sessions: OfficerSessions | null = null;
  let stopServices: (() => Promise<void>) | null = null;
  let purgeRetention: ((olderThanMs: number) => Promise<{ purged: number; kept: number }>) | null = null;
  let exportToBundle: ((outPath: string) => Promise<{ path: string; documents: number; bytes: number }>) | null = null;
  let importFromBundle: ((inPath: string) => Promise<{ documents: number; alreadyPresent: number }>) | null = null;
  let online = true;
  let backfill: Promise<TravellerBackfillResult | null> = Promise.resolve(null);
  let scheduler: SyncScheduler | null = null;
  let secrets: StationSecrets | null = await secretsStore.read();
  // Training mode survives a restart (a training room's stations stay in training).
  const trainingFile = path.join(options.dataDir, 'training.json');
  let training = readJson<{ enabled?: unknown }>(trainingFile)?.enabled === true;
  const settingsFile = path.join(options.dataDir, 'settings.json');
  // One holder for the whole runtime: a technician's reassignment outlives a re-enrolment.
  const stationDevices = new StationDevices({
    initial: options.devices ?? null,
    ...(options.createDevices ? { create: options.createDevices } : {}),
    ...(options.enumerateDevices ? { enumerate: options.enumerateDevices } : {}),
  });

  const info = (ready: boolean) =>
    ok({ version: options.version ?? '0.1.0', mode: options.mode, training, enrolled: secrets !== null, postId: secrets?.postId ?? null, stationId: secrets?.stationId ?? null, runtimeReady: ready });

  async function startServices(current: StationSecrets): Promise<void> {
    const key = Buffer.from(current.databaseKey, 'base64');
    const local = new PouchDB(path.join(options.dataDir, `post-${current.postId}.sqlite`), { adapter: 'sqlite', key }) as LocalDb;
    const localReference = new PouchDB(path.join(options.dataDir, 'reference.sqlite'), { adapter: 'sqlite', key }) as LocalDb;
    const meter = new ByteMeter();
    const clockOffset = new ClockOffsetEstimator();
    // The token is read at every request, so re-enrolment takes effect without rebuilding anything.
    const token = () => secrets?.token ?? '';
    const remotePost = remoteDatabase(PouchDB, `${current.serverUrl}/post-${current.postId}`, { token, meter, clockOffset });
    const remembered = readSyncMemory(syncMemoryFile);
    // What central has acknowledged, for removable media: the local sequence reached before a push that
    // then succeeded completely (everything written up to it is at central).
    let acknowledgedSeq: number | string = remembered.acknowledgedSeq ?? 0;
    const pouchReplicator = new PouchReplicator({
      local,
      localReference,
      remotePost,
      remoteReference: remoteDatabase(PouchDB, `${current.serverUrl}/reference`, { token, meter, clockOffset }),
      meter,
      clockOffset,
    });
    const replicator: Replicator = {
      replicate: async (direction, replicateOptions) => {
        if (direction !== 'push') return pouchReplicator.replicate(direction, replicateOptions);
        const before = (await local.info()).update_seq;
        const result = await pouchReplicator.replicate(direction, replicateOptions);
        acknowledgedSeq = before;
        return result;
      },
    };
    scheduler = new SyncScheduler({
      online,
      lastSuccessAt: remembered.lastSuccessAt,
      serverClockOffsetMs: remembered.serverClockOffsetMs,
      replicator,
      ...(options.sync?.intervalMs !== undefined ? { intervalMs: options.sync.intervalMs } : {}),
      ...(options.sync?.batchSize !== undefined ? { batchSize: options.sync.batchSize } : {}),
      ...(options.sync?.staleness !== undefined ? { staleness: options.sync.staleness } : {}),
    });
    // What must survive a restart: when the post last synced (staleness warnings) and the clock offset.
    let lastWritten = remembered.lastSuccessAt;
    const running = scheduler;
    const forgetSyncMemory = running.subscribe((state) => {
      if (state.lastSuccessAt === lastWritten) return;
      lastWritten = state.lastSuccessAt;
      writeSyncMemory(syncMemoryFile, { lastSuccessAt: state.lastSuccessAt, serverClockOffsetMs: state.serverClockOffsetMs, acknowledgedSeq });
    });
    const feed = local.changes({ live: true, since: 'now' });
    feed.on('change', () => running.notifyLocalChange(1));
    // Failed sign-ins survive a restart: otherwise restarting the app would reset a lock.
    const lockoutFile = path.join(options.dataDir, 'lockout.json');
    const lockout = new LockoutTracker();
    try {
      lockout.restore(JSON.parse(fs.readFileSync(lockoutFile, 'utf8')));
    } catch {
      // none yet, or damaged: start with no recorded failures
    }
    sessions = new OfficerSessions({
      findUser: async (username) => {
        try {
          return (await localReference.get(`user:${username}`)) as UserRecord;
        } catch {
          return null;
        }
      },
      hasReferenceData: async () => (await localReference.info()).doc_count > 0,
      stationPostId: current.postId,
      lockout,
      idle: options.idle ?? { timeoutMs: 10 * 60_000, warningMs: 60_000 },
      emit: (event, payload) => events.emit(event, payload),
      audit: (entry) => {
        options.audit?.(entry);
        // Every sign-in attempt and sign-out is an audit document owned by the post (issue 6), pushed to
        // central like any other. A failed write is logged, never allowed to block the officer.
        void local
          .put({
            _id: newPostDocId('audit', current.postId),
            type: 'audit',
            postId: current.postId,
            stationId: current.stationId,
            createdAt: new Date().toISOString(),
            actorId: entry.actorId,
            action: entry.action,
            outcome: entry.outcome,
            details: entry.details,
          })
          .catch((error: unknown) => console.error('borderpost runtime: audit entry not written', error));
      },
    });
    const sync = syncService(running, events);
    const sessionHandlers = sessionService(sessions);
    // The alert index is a projection of the reference data, in its own encrypted SQLite file.
    const alertDb = openDatabase(path.join(options.dataDir, 'alert-index.sqlite'), { key });
    // One index over it for both capture services: it caches counts (persons, travellers counted).
    const alertIndex = AlertIndex.open(alertDb);
    // Begun here, before a capture service exists, so the cutoff sorts below every crossing id minted from now on.
    let backfillState: TravellerBackfillState | null = null;
    try {
      backfillState = beginTravellerBackfill(alertDb, current.postId);
    } catch (error) {
      logBackfill({ event: 'traveller-backfill.failed', code: 'RUNTIME_TRAVELLER_BACKFILL_FAILED', cause: toErrorData(error) });
    }
    const currentSessions = sessions;
    const attached = attachDevices(stationDevices, events);
    // Training: a separate local database that is never given to the replicator, so nothing in it syncs.
    const trainingDb = new PouchDB(path.join(options.dataDir, `training-${current.postId}.sqlite`), { adapter: 'sqlite', key }) as LocalDb;
    const captureSettings = { ...options.capture, ...readJson<Partial<CaptureSettings>>(settingsFile) };
    const shifts = new ShiftService({
      reference: localReference as unknown as CaptureDb,
      local: () => (training ? trainingDb : local) as unknown as CaptureDb,
      postId: current.postId,
      officerId: () => currentSessions.current()?.officerId ?? null,
    });
    const captureOptions = {
      shift: () => shifts.current(),
      onFinger: (event: Events['device.finger']) => events.emit('device.finger', event),
      centralHistory: (issuingState: string, documentNumber: string) => centralHistory(current.serverUrl, token, issuingState, documentNumber),
      reference: localReference as unknown as CaptureDb,
      alertIndex,
      postId: current.postId,
      stationId: current.stationId,
      officerId: () => currentSessions.current()?.officerId ?? 'unknown',
      serverClockOffsetMs: () => running.getState().serverClockOffsetMs,
      fingerprints: options.fingerprints ?? attached.fingerprints,
      settings: captureSettings,
    };
    // Practice travellers are not the post's: they stay out of the namesake estimate's traveller history.
    const trainingCapture = new CaptureService({ ...captureOptions, local: trainingDb as unknown as CaptureDb, countTravellers: false });
    // Traveller history at this post: the docstore's crossings projection (by document number) over the post database.
    const projections = new ProjectionRunner(local as unknown as ConstructorParameters<typeof ProjectionRunner>[0], [crossingsProjection]);
    const capture = new CaptureService({
      ...captureOptions,
      local: local as unknown as CaptureDb,
      historyIndex: async (issuingState, documentNumber) => {
        await projections.catchUp();
        return crossingsByDocument(storeOf(local).db, documentNumber, issuingState).map((row) => row.doc_id);
      },
    });
    const realHandlers = capture.handlers();
    const trainingHandlers = trainingCapture.handlers();
    // Every capture-side call goes to the training services while the station is in training.
    const routed = Object.fromEntries(
      Object.keys(realHandlers).map((name) => [name, (args: never) => ((training ? trainingHandlers : realHandlers) as Record<string, (a: never) => unknown>)[name]!(args)]),
    ) as HandlerImplementations;
    const stationSettings = (): StationSettings => ({
      locale: currentSessions.current()?.locale ?? 'en',
      ...capture.captureSettings(),
      idleTimeoutMs: options.idle?.timeoutMs ?? 10 * 60_000,
      idleWarningMs: options.idle?.warningMs ?? 60_000,
      syncIntervalMs: options.sync?.intervalMs ?? 5 * 60_000,
      training,
    });
    // Credentials are always checked locally; "offline" tells the officer whether the link to central is
    // known to work right now (the last sync run reached it), which the sessions module cannot know.
    const withoutLink = () => {
      const kind = running.getState().status.kind;
      return !online || (kind !== 'up-to-date' && kind !== 'waiting');
    };
    const technician = deviceHandlers(stationDevices, events, { configFile: path.join(options.dataDir, 'station-devices.json') });
    handlers = {
      ...technician.handlers,
      ...routed,
      ...shifts.handlers(),
      'settings.get': async () => ok(stationSettings()),
      'settings.update': async ({ patch }) => {
        const allowed: Partial<CaptureSettings> = {};
        if (patch && typeof patch === 'object') {
          if (Array.isArray(patch.requiredFingers)) allowed.requiredFingers = patch.requiredFingers;
          if (typeof patch.minFingerQuality === 'number' && patch.minFingerQuality >= 0 && patch.minFingerQuality <= 100) allowed.minFingerQuality = patch.minFingerQuality;
          if (typeof patch.childAgeWithoutFingerprints === 'number' && patch.childAgeWithoutFingerprints >= 0 && patch.childAgeWithoutFingerprints <= 18) allowed.childAgeWithoutFingerprints = patch.childAgeWithoutFingerprints;
          if (Array.isArray(patch.refusalReasonCodes) && patch.refusalReasonCodes.every((c) => typeof c === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(c))) allowed.refusalReasonCodes = patch.refusalReasonCodes;
        }
        capture.updateSettings(allowed);
        trainingCapture.updateSettings(allowed);
        writeJsonAtomically(settingsFile, capture.captureSettings());
        return ok(stationSettings());
      },
      'training.set': async ({ enabled }) => {
        if (typeof enabled !== 'boolean') return ok({ training });
        training = enabled;
        writeJsonAtomically(trainingFile, { enabled });
        events.emit('app.training', { training });
        return ok({ training });
      },
      ...sessionHandlers,
      'session.signIn': async (args) => {
        const result = await sessionHandlers['session.signIn']!(args);
        writeJsonAtomically(lockoutFile, lockout.snapshot());
        return result.ok ? ok({ ...result.value, offline: withoutLink() }) : result;
      },
      'session.current': async (args) => {
        const result = await sessionHandlers['session.current']!(args);
        return result.ok && result.value ? ok({ ...result.value, offline: withoutLink() }) : result;
      },
      ...sync.handlers,
      'sync.exportBundle': async ({ path: outPath }) => {
        if (typeof outPath !== 'string' || outPath === '') return err({ code: 'BUNDLE_BAD_PATH', message: 'path must name the bundle file to write' });
        try {
          return ok(await exportToBundle!(outPath));
        } catch (error) {
          return err(toErrorData(error));
        }
      },
      'sync.importBundle': async ({ path: inPath }) => {
        if (typeof inPath !== 'string' || inPath === '') return err({ code: 'BUNDLE_BAD_PATH', message: 'path must name the bundle file to read' });
        try {
          return ok(await importFromBundle!(inPath));
        } catch (error) {
          return err(toErrorData(error));
        }
      },
      'app.info': async () => info(true),
    };
    exportToBundle = async (outPath) => {
      if (!current.bundle) {
        throw new BorderpostError('BUNDLE_NO_KEYS', 'this station has no bundle keys (enrolled before removable media existed): enrol it again');
      }
      const { bundle, docCount } = await exportBundle(local as unknown as PouchDatabase, acknowledgedSeq, {
        from: current.stationId,
        to: 'central',
        postId: current.postId,
        signingKey: current.bundle.signingKey,
        recipientPublicKey: current.bundle.central.encryption,
      });
      // Written beside the target then renamed, so a pulled stick never holds half a bundle under the final name.
      const temporary = `${outPath}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      try {
        fs.writeFileSync(temporary, bundle, { flag: 'wx' });
        fs.renameSync(temporary, outPath);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw new BorderpostError('BUNDLE_WRITE_FAILED', `cannot write ${outPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      return { path: outPath, documents: docCount, bytes: bundle.length };
    };
    importFromBundle = async (inPath) => {
      if (!current.bundle) {
        throw new BorderpostError('BUNDLE_NO_KEYS', 'this station has no bundle keys (enrolled before removable media existed): enrol it again');
      }
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(inPath);
      } catch (error) {
        throw new BorderpostError('BUNDLE_FILE_UNREADABLE', `cannot read ${inPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const bundleKeys = current.bundle;
      // Only central's reference bundles for this post: signed by central, encrypted for this station.
      const result = await importBundle(localReference as unknown as PouchDatabase, bytes, {
        senderPublicKey: (from) => (from === 'central' ? bundleKeys.central.signing : null),
        recipient: current.postId,
        recipientPrivateKey: bundleKeys.encryptionKey,
        recipientKeyId: current.stationId,
        postId: current.postId,
      });
      if (result.failures.length > 0) {
        throw new BorderpostError('BUNDLE_IMPORT_INCOMPLETE', `${result.failures.length} of ${result.documents} documents could not be written`, { failures: result.failures.slice(0, 20) });
      }
      return { documents: result.documents, alreadyPresent: result.alreadyPresent };
    };
    purgeRetention = async (olderThanMs) => {
      const cutoff = new Date(Date.now() - olderThanMs).toISOString();
      const prefix = `crossing:${current.postId}:`;
      const rows = await (local as unknown as CaptureDb).allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\uffff` });
      const old = rows.rows.map((row) => row.doc as { _id: string; _rev: string; createdAt: string }).filter((doc) => doc && doc.createdAt < cutoff);
      if (old.length === 0) return { purged: 0, kept: 0 };
      // Acknowledged = central has this very revision; anything it is missing stays until a sync carries it.
      const missing = await (remotePost as unknown as { revsDiff(request: Record<string, string[]>): Promise<Record<string, unknown>> }).revsDiff(Object.fromEntries(old.map((doc) => [doc._id, [doc._rev]])));
      const acknowledged = old.filter((doc) => !(doc._id in missing)).map((doc) => doc._id);
      purgeLocal(local, acknowledged);
      return { purged: acknowledged.length, kept: old.length - acknowledged.length };
    };
    // The console's "posts at a glance" reads these reports (devices, waiting documents, version, clock).
    const healthReporter = new HealthReporter({
      postId: current.postId,
      stationId: current.stationId,
      softwareVersion: options.version ?? '0.1.0',
      write: (doc) => local.put(doc as unknown as Record<string, unknown>),
      devices: () => (stationDevices.manager ? devicesForHealthReport(stationDevices.manager) : []),
      pendingDocs: () => running.getState().pending,
      serverClockOffsetMs: () => running.getState().serverClockOffsetMs,
      listVersions: () => capture.listVersions(),
      dataDir: options.dataDir,
      ...(options.healthReportIntervalMs !== undefined ? { intervalMs: options.healthReportIntervalMs } : {}),
    });
    const onDeviceStatus = () => healthReporter.deviceChanged();
    stationDevices.manager?.on('status', onDeviceStatus);
    const forgetDeviceSwaps = stationDevices.subscribe((manager, previous) => {
      previous?.off('status', onDeviceStatus);
      manager?.on('status', onDeviceStatus);
      healthReporter.deviceChanged();
    });
    const retention = options.retention;
    let purgedAfter: string | null = null;
    const forgetRetention = retention
      ? running.subscribe((state) => {
          // once per successful sync, not at every state update
          if (state.status.kind !== 'up-to-date' || state.lastSuccessAt === purgedAfter) return;
          purgedAfter = state.lastSuccessAt;
          purgeRetention?.(retention.crossingsMs).catch((error: unknown) => console.error('borderpost runtime: retention purge failed', error));
        })
      : () => undefined;
    running.start();
    healthReporter.start();
    let servicesStopping = false;
    // After the services are up, in pages of 200 crossings (tens of milliseconds of the event loop each): the officer is not kept waiting.
    backfill = backfillState ? backfillTravellerHistory(local as unknown as CrossingPages, alertIndex, backfillState, () => servicesStopping) : Promise.resolve(null);
    const backfillRun = backfill;
    stopServices = async () => {
      servicesStopping = true;
      await backfillRun; // it reads the post database and writes the alert index, both closed below
      forgetRetention();
      forgetDeviceSwaps();
      stationDevices.manager?.off('status', onDeviceStatus);
      await healthReporter.stop();
      await projections.stop();
      purgeRetention = null;
      exportToBundle = null;
      importFromBundle = null;
      sync.detach();
      forgetSyncMemory();
      feed.cancel();
      await running.stop();
      scheduler = null;
      if (sessions?.current()) sessions.signOut();
      await local.close();
      await localReference.close();
      await trainingDb.close();
      alertDb.close();
      attached.detach();
      technician.stop();
    };
  }

  const unmarkRunning = markStationRunning(options.dataDir);
  try {
    if (secrets) await startServices(secrets);
  } catch (error) {
    unmarkRunning();
    throw error;
  }

  const enrol: HandlerImplementations['station.enrol'] = async ({ serverUrl, code }) => {
    const result = await enrolStation({ serverUrl, code, stationName: 'Workstation', secrets: secretsStore });
    if (!result.ok) return result;
    secrets = result.value;
    await stopServices?.();
    stopServices = null;
    await startServices(secrets);
    return ok({ postId: secrets.postId, stationId: secrets.stationId });
  };

  const dispatch = createDispatcher(
    new Proxy({} as HandlerImplementations, {
      // Handlers change when the station enrols; the dispatcher always sees the current set.
      get: (_target, name: string) =>
        name === 'station.enrol' ? enrol : ((handlers as Record<string, unknown>)[name] ?? (placeholderHandlers(options.mode) as Record<string, unknown>)[name]),
    }),
    { currentRoles: () => sessions?.roles() ?? null },
  );

  return {
    dispatch,
    events,
    station: () => (secrets ? { postId: secrets.postId, stationId: secrets.stationId, serverUrl: secrets.serverUrl } : null),
    exportBundle: async (outPath) => {
      if (!exportToBundle) throw new BorderpostError('RUNTIME_NOT_READY', 'the station is not enrolled');
      return exportToBundle(outPath);
    },
    importBundle: async (inPath) => {
      if (!importFromBundle) throw new BorderpostError('RUNTIME_NOT_READY', 'the station is not enrolled');
      return importFromBundle(inPath);
    },
    purgeRetention: async (olderThanMs) => {
      if (!purgeRetention) throw new BorderpostError('RUNTIME_NOT_READY', 'the station is not enrolled');
      return purgeRetention(olderThanMs);
    },
    setOnline: (value) => {
      online = value;
      scheduler?.setOnline(value);
    },
    travellerBackfill: () => backfill,
    stop: async () => {
      await stopServices?.();
      stopServices = null;
      await stationDevices.stop();
      unmarkRunning();
    },
  };
}
