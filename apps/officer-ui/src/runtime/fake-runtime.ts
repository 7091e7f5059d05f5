/**
 * FakeRuntime: an in-memory post runtime behind the real contract (createDispatcher + EventHub), so the
 * officer UI runs in a browser today — every call goes through the same dispatcher, access rules and
 * JSON-shaped Results as the real runtime will. Emulated devices (`swipe`, `wedgeText`, finger events),
 * demo users, a seeded alert list and a sync state that changes. It is a development and test double:
 * nothing is persisted.
 */
import { err, ok, type Result } from '@borderpost/common';
import {
  EventHub,
  createDispatcher,
  loopbackTransport,
  type HitReason,
  type AlertCheckResult,
  type AlertHitView,
  type CaptureState,
  type ContractTransport,
  type CrossingSummary,
  type CrossingView,
  type DeviceInfo,
  type DocumentCheck,
  type DocumentWarning,
  type FingerSlot,
  type HandlerImplementations,
  type InspectionNoteView,
  type Locale,
  type ManualDocumentFields,
  type ProposedCorrection,
  type SessionInfo,
  type ShiftInfo,
  type StationSettings,
  type TakeDocumentArgs,
} from '@borderpost/contract';
import { checkDigit, parseMrz, type MrzResult } from '@borderpost/mrz';
import type { SyncState } from '@borderpost/sync';
import {
  ALERT_LIST,
  DEMO_DEVICES,
  DEMO_LANES,
  DEMO_POST,
  DEMO_USERS,
  REFUSAL_REASONS,
  REQUIRED_FINGERS,
  RISK_PROFILES,
  emulatedMrz,
  type EmulatedDocumentKind,
} from './fake-data';
import { slipFor } from './fake-slip';

export interface FakeRuntimeOptions {
  now?: () => Date;
  /** Delay of the emulated finger scanner (placed → captured). */
  fingerDelayMs?: number;
  /** Delay of an emulated sync run. */
  syncDelayMs?: number;
}

interface StoredCrossing {
  view: CrossingView;
  referredOpen: boolean;
}

const MAX_FAILED_SIGN_INS = 5;
const CHILD_AGE = 12;

function failure(code: string, message: string): Result<never> {
  return err({ code, message });
}

function ageOn(birthDate: string, today: Date): number {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let age = today.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = today.getUTCMonth() < birth.getUTCMonth() || (today.getUTCMonth() === birth.getUTCMonth() && today.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

export class FakeRuntime {
  readonly events = new EventHub();
  readonly transport: ContractTransport;
  private readonly now: () => Date;
  private readonly fingerDelayMs: number;
  private readonly syncDelayMs: number;
  private session: SessionInfo | null = null;
  private failedSignIns = new Map<string, number>();
  private shift: ShiftInfo | null = null;
  private captures = new Map<string, CaptureState>();
  private accompanying = new Map<string, string | null>();
  private crossings: StoredCrossing[] = [];
  private devices: DeviceInfo[] = DEMO_DEVICES.map((device) => ({ ...device }));
  private traceTimers = new Map<string, ReturnType<typeof setInterval>>();
  private sequence = 0;
  private online = true;
  private syncState: SyncState;
  readonly settings: StationSettings = {
    locale: 'en',
    requiredFingers: REQUIRED_FINGERS,
    minFingerQuality: 50,
    childAgeWithoutFingerprints: CHILD_AGE,
    idleTimeoutMs: 15 * 60_000,
    idleWarningMs: 60_000,
    syncIntervalMs: 5 * 60_000,
    refusalReasonCodes: REFUSAL_REASONS,
    training: false,
  };

  constructor(options: FakeRuntimeOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.fingerDelayMs = options.fingerDelayMs ?? 250;
    this.syncDelayMs = options.syncDelayMs ?? 600;
    const lastSuccess = new Date(this.now().getTime() - 40 * 60_000).toISOString();
    this.syncState = {
      status: { kind: 'waiting', pending: 2 },
      online: true,
      pending: 2,
      lastSuccessAt: lastSuccess,
      lastAttemptAt: lastSuccess,
      nextRunAt: null,
      staleness: 'ok',
      lastRun: null,
      totals: { runs: 0, failures: 0, docsRead: 0, docsWritten: 0, bytes: 0 },
      serverClockOffsetMs: null,
    };
    this.seedEarlierCrossings();
    const dispatch = createDispatcher(this.handlers(), { currentRoles: () => this.session?.roles ?? null });
    this.transport = loopbackTransport(dispatch, this.events);
  }

  // ---- emulated devices (not part of the contract: the dev panel and tests drive them) ----------------

  /** A swipe on the emulated serial reader: the runtime pushes `device.mrz` to the workflow. */
  swipe(kind: EmulatedDocumentKind): void {
    this.events.emit('device.mrz', { deviceId: 'reader-cute', mrzLines: emulatedMrz(kind), receivedAt: this.now().toISOString() });
  }

  /** What a keyboard-wedge reader types for that document (lines ended by Enter). */
  static wedgeText(kind: EmulatedDocumentKind): string {
    return emulatedMrz(kind).join('\n') + '\n';
  }

  /** Unplug or plug back an emulated device: the runtime reports it with `device.status`. */
  setDeviceConnected(deviceId: string, connected: boolean): void {
    const device = this.devices.find((candidate) => candidate.deviceId === deviceId);
    if (!device) return;
    device.state = connected ? 'connected' : 'disconnected';
    device.lastError = connected ? null : { code: 'DEVICE_DISCONNECTED', message: 'the device was unplugged' };
    this.events.emit('device.status', { deviceId, state: device.state, error: device.lastError });
  }

  /** Link up or down: sync goes offline (and back to waiting) as a real scheduler would report. */
  setOnline(online: boolean): void {
    this.online = online;
    const since = this.now().toISOString();
    this.setSync(
      online
        ? { online: true, status: this.syncState.pending > 0 ? { kind: 'waiting', pending: this.syncState.pending } : { kind: 'up-to-date' } }
        : { online: false, status: { kind: 'offline', since, lastError: null } },
    );
  }

  dispose(): void {
    for (const timer of this.traceTimers.values()) clearInterval(timer);
    this.traceTimers.clear();
  }

  // ---- internals -------------------------------------------------------------------------------------

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}:${DEMO_POST.postId}:${this.now().getTime().toString(36)}${this.sequence.toString().padStart(4, '0')}`;
  }

  private setSync(patch: Partial<SyncState>): void {
    this.syncState = { ...this.syncState, ...patch };
    this.events.emit('sync.state', this.syncState);
  }

  private seedEarlierCrossings(): void {
    const day = 24 * 3600_000;
    const base = this.now().getTime();
    const earlier = [
      { at: base - 30 * day, direction: 'entry' as const },
      { at: base - 21 * day, direction: 'exit' as const },
    ];
    for (const { at, direction } of earlier) {
      this.crossings.push({ view: this.seedCrossing('clean', direction, new Date(at).toISOString(), true), referredOpen: false });
    }
    const todayAt = new Date(base - 10 * 60_000).toISOString();
    this.crossings.push({ view: this.seedCrossing('clean', 'entry', todayAt, false), referredOpen: false });
  }

  private seedCrossing(kind: EmulatedDocumentKind, direction: 'entry' | 'exit', at: string, synced: boolean): CrossingView {
    const document = this.checkLines('seed', emulatedMrz(kind), 'reader');
    const crossingId = this.nextId('crossing');
    return {
      summary: {
        crossingId,
        postId: DEMO_POST.postId,
        direction,
        at,
        surname: document.fields.surname,
        givenNames: document.fields.givenNames,
        nationality: document.fields.nationality,
        issuingState: document.fields.issuingState,
        documentNumber: document.fields.documentNumber,
        outcome: 'admitted',
        hits: 0,
        officerId: 'officer:jean',
        synced,
      },
      document,
      fingers: [],
      faceJpegBase64: null,
      checks: { captureId: 'seed', hits: [], riskFlags: [], listVersions: {}, checkedAt: at },
      decision: { outcome: 'admitted' },
      travel: { purpose: 'family', transport: 'car', destination: 'Saint-Louis' },
      accompanyingCrossingId: null,
      notes: [],
      timings: { committed: at },
    };
  }

  private fieldsOf(result: MrzResult): ManualDocumentFields {
    const sex = result.sex === 'M' || result.sex === 'F' ? result.sex : 'X';
    return {
      documentCode: result.documentCode ?? '',
      issuingState: result.issuingState ?? '',
      documentNumber: result.documentNumber ?? '',
      surname: result.surname ?? '',
      givenNames: result.givenNames ?? '',
      nationality: result.nationality ?? '',
      birthDate: result.birthDate ?? '',
      sex,
      expiryDate: result.expiryDate ?? '',
    };
  }

  private finishCheck(
    captureId: string,
    format: DocumentCheck['format'],
    fields: ManualDocumentFields,
    mrzLines: string[],
    checkDigits: DocumentCheck['checkDigits'],
    corrections: ProposedCorrection[],
    unknownState: boolean,
  ): DocumentCheck {
    const today = this.now();
    const warnings: DocumentWarning[] = [];
    if (fields.expiryDate && fields.expiryDate < today.toISOString().slice(0, 10)) warnings.push({ code: 'DOCUMENT_EXPIRED', expiryDate: fields.expiryDate });
    const failed = checkDigits.filter((check) => !check.ok).map((check) => check.field);
    if (failed.length > 0 && corrections.length === 0) warnings.push({ code: 'DOCUMENT_CHECK_FAILED', fields: failed });
    if (unknownState) warnings.push({ code: 'DOCUMENT_UNKNOWN_STATE', issuingState: fields.issuingState });
    if (corrections.length > 0) warnings.push({ code: 'DOCUMENT_CORRECTIONS_PENDING', count: corrections.length });
    const minor = fields.birthDate !== '' && ageOn(fields.birthDate, today) < this.settings.childAgeWithoutFingerprints;
    return {
      captureId,
      format,
      fields,
      mrzLines,
      checkDigits,
      corrections,
      confirmedCorrectionIds: [],
      warnings,
      minor,
      requiredFingers: minor ? [] : [...this.settings.requiredFingers],
    };
  }

  private checkLines(captureId: string, lines: string[], _source: string): DocumentCheck {
    const result = parseMrz(lines.join('\n'), { today: this.now() });
    if (result.format === null) {
      const error = result.errors[0];
      throw Object.assign(new Error(error?.message ?? 'not an MRZ'), { code: error?.code ?? 'MRZ_UNKNOWN_FORMAT' });
    }
    const corrections: ProposedCorrection[] = result.corrections.map((correction, index) => ({
      correctionId: `c${index + 1}`,
      field: correction.field,
      position: correction.position,
      from: correction.from,
      to: correction.to,
      reason: `${correction.from}→${correction.to}`,
    }));
    // Check digits as read (before repair): what the officer must know about the document itself.
    const asRead = corrections.length > 0 ? parseMrz(lines.join('\n'), { today: this.now(), repair: false }) : result;
    const checkDigits = Object.entries(asRead.checks).map(([field, passed]) => ({ field, ok: passed }));
    const unknownState = result.warnings.some((warning) => warning.code === 'MRZ_UNKNOWN_COUNTRY' && warning.field === 'issuingState');
    // Until the officer confirms, the fields shown are the repaired ones, flagged by the pending corrections.
    return this.finishCheck(captureId, result.format, this.fieldsOf(result), result.lines, checkDigits, corrections, unknownState);
  }

  private checkManual(captureId: string, fields: ManualDocumentFields): DocumentCheck {
    const required: Array<keyof ManualDocumentFields> = ['documentNumber', 'issuingState', 'surname', 'birthDate', 'expiryDate', 'nationality'];
    const missing = required.filter((key) => String(fields[key] ?? '').trim() === '');
    if (missing.length > 0) throw Object.assign(new Error(`missing fields: ${missing.join(', ')}`), { code: 'CAPTURE_DOCUMENT_INCOMPLETE' });
    const dates = [fields.birthDate, fields.expiryDate];
    if (!dates.every((value) => /^\d{4}-\d{2}-\d{2}$/.test(value))) throw Object.assign(new Error('dates must be YYYY-MM-DD'), { code: 'CAPTURE_DOCUMENT_BAD_DATE' });
    try {
      checkDigit(fields.documentNumber.toUpperCase());
    } catch {
      throw Object.assign(new Error('the document number has characters no MRZ can hold'), { code: 'CAPTURE_DOCUMENT_BAD_NUMBER' });
    }
    const normalised = { ...fields, documentNumber: fields.documentNumber.toUpperCase(), issuingState: fields.issuingState.toUpperCase(), nationality: fields.nationality.toUpperCase() };
    const unknownState = !/^[A-Z]{1,3}$/.test(normalised.issuingState) || normalised.issuingState === 'XYZ';
    return this.finishCheck(captureId, 'manual', normalised, [], [], [], unknownState);
  }

  private capture(captureId: unknown): CaptureState {
    const state = typeof captureId === 'string' ? this.captures.get(captureId) : undefined;
    if (!state) throw Object.assign(new Error('no such capture'), { code: 'CAPTURE_NOT_FOUND' });
    return state;
  }

  private update(state: CaptureState): CaptureState {
    const blockers: string[] = [];
    const document = state.document;
    if (!document) blockers.push('DOCUMENT_MISSING');
    else if (document.corrections.some((c) => !document.confirmedCorrectionIds.includes(c.correctionId)) && document.warnings.some((w) => w.code === 'DOCUMENT_CORRECTIONS_PENDING'))
      blockers.push('CORRECTIONS_PENDING');
    if (state.fingers.some((slot) => slot.status === 'pending')) blockers.push('FINGERS_PENDING');
    if (!state.face) blockers.push('FACE_MISSING');
    if (!state.checks) blockers.push('ALERTS_NOT_CHECKED');
    else if (state.checks.hits.some((hit) => hit.acknowledged === null)) blockers.push('HITS_NOT_ACKNOWLEDGED');
    if (!state.decision) blockers.push('DECISION_MISSING');
    const step: CaptureState['step'] = !document
      ? 'document'
      : blockers.includes('CORRECTIONS_PENDING')
        ? 'corrections'
        : blockers.includes('FINGERS_PENDING') || blockers.includes('FACE_MISSING')
          ? 'biometrics'
          : blockers.includes('ALERTS_NOT_CHECKED') || blockers.includes('HITS_NOT_ACKNOWLEDGED')
            ? 'checks'
            : blockers.includes('DECISION_MISSING')
              ? 'decision'
              : 'ready-to-commit';
    const next = { ...state, blockers, step };
    this.captures.set(state.captureId, next);
    return next;
  }

  private runChecks(state: CaptureState): AlertCheckResult {
    const fields = state.document!.fields;
    const hits: AlertHitView[] = [];
    for (const entry of ALERT_LIST) {
      const matched: string[] = [];
      const reasons: HitReason[] = [];
      let score = 0;
      if (entry.documentNumber && entry.documentNumber === fields.documentNumber) {
        matched.push(`document number ${fields.documentNumber}`);
        reasons.push({ kind: 'document', relation: 'exact', travellerState: fields.issuingState, travellerNumber: fields.documentNumber, listState: fields.issuingState, listNumber: entry.documentNumber, differences: [], stateDiffers: false });
        score = 0.99;
      }
      if (entry.surname && entry.surname === fields.surname && entry.birthDate === fields.birthDate) {
        matched.push(`surname ${fields.surname}`, `birth date ${fields.birthDate}`);
        reasons.push({ kind: 'name', travellerName: fields.surname, listName: entry.surname, relation: 'exact' });
        if (entry.givenNames === fields.givenNames) matched.push(`given names ${fields.givenNames}`);
        reasons.push(
          entry.givenNames === fields.givenNames
            ? { kind: 'name', travellerName: fields.givenNames, listName: entry.givenNames, relation: 'exact' }
            : { kind: 'name-unmatched', side: 'list', names: entry.givenNames },
          { kind: 'birth-date', relation: 'exact', traveller: fields.birthDate, list: entry.birthDate },
        );
        score = Math.max(score, entry.givenNames === fields.givenNames ? 0.96 : 0.88);
      }
      if (score === 0) continue;
      hits.push({
        listId: entry.listId,
        listName: entry.listName,
        listVersion: entry.listVersion,
        entryId: entry.entryId,
        kind: entry.documentNumber ? 'document' : 'person',
        score,
        explanation: matched.join(' · '),
        reasons,
        reason: entry.reason,
        instruction: entry.instruction,
        acknowledged: null,
      });
    }
    const riskFlags = RISK_PROFILES.filter((profile) => profile.test(fields.issuingState)).map(({ profileId, name, reason }) => ({ profileId, name, reason }));
    const listVersions: Record<string, number> = {};
    for (const entry of ALERT_LIST) listVersions[entry.listId] = entry.listVersion;
    return { captureId: state.captureId, hits, riskFlags, listVersions, checkedAt: this.now().toISOString() };
  }

  private crossing(crossingId: unknown): StoredCrossing {
    const found = this.crossings.find((stored) => stored.view.summary.crossingId === crossingId);
    if (!found) throw Object.assign(new Error('no such crossing'), { code: 'CROSSING_NOT_FOUND' });
    return found;
  }

  private matches(summary: CrossingSummary, query: string): boolean {
    const needle = query.trim().toUpperCase();
    if (needle === '') return true;
    return [summary.surname, summary.givenNames, summary.documentNumber, summary.nationality, summary.crossingId].some((value) => value.toUpperCase().includes(needle));
  }

  private handlers(): HandlerImplementations {
    // The handler table closes over the runtime; `runtime.` reads better than `this.` inside 40 arrow functions.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const runtime = this;
    const fail = failure;
    return {
      'app.info': async () =>
        ok({ version: '0.1.0-fake', mode: 'browser', training: runtime.settings.training, enrolled: true, postId: DEMO_POST.postId, stationId: 'station-fake-1', runtimeReady: true }),

      'session.signIn': async ({ username, password, locale }) => {
        const failures = runtime.failedSignIns.get(username) ?? 0;
        if (failures >= MAX_FAILED_SIGN_INS) return fail('SESSION_LOCKED', 'too many failed sign-ins: ask a supervisor to unlock this account');
        const user = DEMO_USERS.find((candidate) => candidate.username === username && candidate.password === password);
        if (!user) {
          runtime.failedSignIns.set(username, failures + 1);
          return fail('SESSION_BAD_CREDENTIALS', 'unknown user or wrong password');
        }
        runtime.failedSignIns.delete(username);
        runtime.session = {
          officerId: user.officerId,
          username: user.username,
          displayName: user.displayName,
          roles: user.roles,
          posts: [DEMO_POST],
          locale: locale ?? runtime.settings.locale,
          signedInAt: runtime.now().toISOString(),
          idleTimeoutMs: runtime.settings.idleTimeoutMs,
          offline: !runtime.online,
        };
        return ok(runtime.session);
      },
      'session.signOut': async () => {
        runtime.session = null;
        runtime.shift = null;
        runtime.events.emit('session.ended', { reason: 'signed-out' });
        return ok(null);
      },
      'session.current': async () => ok(runtime.session),
      'session.touch': async () => ok(null),
      'session.setLocale': async ({ locale }) => {
        if (!['en', 'fr', 'ar'].includes(locale)) return fail('SESSION_BAD_LOCALE', `unsupported locale ${String(locale)}`);
        if (runtime.session) runtime.session = { ...runtime.session, locale: locale as Locale };
        return ok(null);
      },

      'shift.options': async () => ok({ post: DEMO_POST, lanes: DEMO_LANES }),
      'shift.start': async ({ postId, laneId }) => {
        if (postId !== DEMO_POST.postId) return fail('SHIFT_POST_NOT_ALLOWED', 'this officer is not assigned to that post');
        if (!DEMO_LANES.some((lane) => lane.laneId === laneId)) return fail('SHIFT_UNKNOWN_LANE', `no lane ${String(laneId)}`);
        runtime.shift = { shiftId: runtime.nextId('shift'), postId, laneId, officerId: runtime.session!.officerId, startedAt: runtime.now().toISOString() };
        return ok(runtime.shift);
      },
      'shift.current': async () => ok(runtime.shift),
      'shift.end': async () => {
        if (!runtime.shift) return fail('SHIFT_NONE', 'no shift is open');
        const mine = runtime.crossings.filter((stored) => stored.view.summary.at >= runtime.shift!.startedAt);
        const summary = {
          ...runtime.shift,
          endedAt: runtime.now().toISOString(),
          crossings: mine.length,
          referred: mine.filter((stored) => stored.view.summary.outcome === 'referred').length,
          refused: mine.filter((stored) => stored.view.summary.outcome === 'refused').length,
        };
        runtime.shift = null;
        return ok(summary);
      },

      'capture.start': async ({ direction }) => {
        if (direction !== 'entry' && direction !== 'exit') return fail('CAPTURE_BAD_DIRECTION', 'direction is entry or exit');
        const captureId = runtime.nextId('capture');
        const startedAt = runtime.now().toISOString();
        runtime.update({ captureId, direction, step: 'document', startedAt, document: null, fingers: [], face: null, checks: null, decision: null, travel: null, blockers: [] });
        return ok({ captureId, startedAt });
      },
      'capture.state': async ({ captureId }) => ok(runtime.capture(captureId)),
      'capture.takeDocument': async (args: TakeDocumentArgs) => {
        const state = runtime.capture(args.captureId);
        let document: DocumentCheck;
        try {
          if (args.source === 'manual') document = runtime.checkManual(state.captureId, args.fields);
          else if (Array.isArray(args.mrzLines) && args.mrzLines.every((line) => typeof line === 'string')) document = runtime.checkLines(state.captureId, args.mrzLines, args.source);
          else return fail('CAPTURE_BAD_DOCUMENT', 'mrzLines must be a list of strings');
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'CAPTURE_BAD_DOCUMENT';
          return fail(code, error instanceof Error ? error.message : String(error));
        }
        const fingers: FingerSlot[] = document.requiredFingers.map((position) => ({ position, status: 'pending', quality: null, attempts: 0, missingReason: null }));
        // A new document restarts the checks: hits belong to the person on this document.
        runtime.update({ ...state, document, fingers, checks: null });
        return ok(document);
      },
      'capture.confirmCorrections': async ({ captureId, accepted, rejected }) => {
        const state = runtime.capture(captureId);
        const document = state.document;
        if (!document) return fail('CAPTURE_NO_DOCUMENT', 'take a document first');
        const known = new Set(document.corrections.map((c) => c.correctionId));
        const decided = [...(accepted ?? []), ...(rejected ?? [])];
        if (decided.some((id) => !known.has(id))) return fail('CAPTURE_UNKNOWN_CORRECTION', 'unknown correction id');
        let next: DocumentCheck;
        if ((rejected ?? []).length > 0) {
          // Refusing the engine's repair means the document failed its checks as read.
          const failed = document.checkDigits.filter((check) => !check.ok).map((check) => check.field);
          next = { ...document, corrections: [], confirmedCorrectionIds: [], warnings: [...document.warnings.filter((w) => w.code !== 'DOCUMENT_CORRECTIONS_PENDING'), { code: 'DOCUMENT_CHECK_FAILED', fields: failed }] };
        } else {
          // The engine only proposes a repair under which every check digit holds.
          next = {
            ...document,
            confirmedCorrectionIds: [...accepted],
            checkDigits: document.checkDigits.map((check) => ({ ...check, ok: true })),
            warnings: document.warnings.filter((w) => w.code !== 'DOCUMENT_CORRECTIONS_PENDING'),
          };
        }
        runtime.update({ ...state, document: next });
        return ok(next);
      },
      'capture.captureFinger': async ({ captureId, position }) => {
        const state = runtime.capture(captureId);
        const slot = state.fingers.find((candidate) => candidate.position === position);
        if (!slot) return fail('CAPTURE_FINGER_NOT_REQUIRED', `${String(position)} is not asked for`);
        const attempts = slot.attempts + 1;
        runtime.events.emit('device.finger', { deviceId: 'scanner-zfm', position, status: 'placed', quality: null, previewPngBase64: null });
        await new Promise((resolve) => setTimeout(resolve, runtime.fingerDelayMs));
        // The emulated scanner reads the left index poorly the first time, so retry is part of the demo.
        const quality = position === 'left-index' && attempts === 1 ? 34 : 62 + ((position.length * 7 + attempts * 5) % 30);
        const acceptable = quality >= runtime.settings.minFingerQuality;
        const next: FingerSlot = { position, status: acceptable ? 'captured' : 'pending', quality, attempts, missingReason: null };
        runtime.events.emit('device.finger', { deviceId: 'scanner-zfm', position, status: acceptable ? 'captured' : 'poor', quality, previewPngBase64: null });
        const current = runtime.capture(captureId);
        runtime.update({ ...current, fingers: current.fingers.map((candidate) => (candidate.position === position ? next : candidate)) });
        return ok({ slot: next, acceptable, previewPngBase64: null });
      },
      'capture.declareMissingFinger': async ({ captureId, position, reason }) => {
        const state = runtime.capture(captureId);
        if (!['amputated', 'injured', 'refused', 'device-failure', 'unreadable'].includes(reason)) return fail('CAPTURE_BAD_REASON', 'unknown reason');
        if (!state.fingers.some((slot) => slot.position === position)) return fail('CAPTURE_FINGER_NOT_REQUIRED', `${String(position)} is not asked for`);
        const fingers = state.fingers.map((slot): FingerSlot => (slot.position === position ? { ...slot, status: 'missing', quality: null, missingReason: reason } : slot));
        runtime.update({ ...state, fingers });
        return ok(fingers);
      },
      'capture.takeFace': async ({ captureId, jpegBase64 }) => {
        const state = runtime.capture(captureId);
        if (typeof jpegBase64 !== 'string' || jpegBase64.length < 100) return fail('CAPTURE_BAD_FACE', 'the photo is empty');
        const bytes = Math.floor((jpegBase64.length * 3) / 4);
        const face = { accepted: true, width: 640, height: 480, bytes };
        runtime.update({ ...state, face });
        return ok(face);
      },
      'capture.checkAlerts': async ({ captureId }) => {
        const state = runtime.capture(captureId);
        if (!state.document) return fail('CAPTURE_NO_DOCUMENT', 'take a document first');
        const checks = runtime.runChecks(state);
        runtime.update({ ...state, checks });
        return ok(checks);
      },
      'capture.acknowledgeHit': async ({ captureId, listId, entryId, outcome }) => {
        const state = runtime.capture(captureId);
        if (!state.checks) return fail('CAPTURE_NOT_CHECKED', 'run the alert check first');
        if (!['confirmed', 'dismissed', 'referred'].includes(outcome)) return fail('CAPTURE_BAD_OUTCOME', 'unknown outcome');
        if (!state.checks.hits.some((hit) => hit.listId === listId && hit.entryId === entryId)) return fail('CAPTURE_UNKNOWN_HIT', 'no such hit');
        const checks = { ...state.checks, hits: state.checks.hits.map((hit) => (hit.listId === listId && hit.entryId === entryId ? { ...hit, acknowledged: outcome } : hit)) };
        runtime.update({ ...state, checks });
        return ok(checks);
      },
      'capture.decide': async ({ captureId, decision, travel, direction, accompanyingCrossingId }) => {
        const state = runtime.capture(captureId);
        if (decision.outcome === 'refused' && !runtime.settings.refusalReasonCodes.includes(decision.reasonCode ?? '')) return fail('CAPTURE_REFUSAL_REASON', 'a refusal needs a reason code');
        if (state.checks?.hits.some((hit) => hit.acknowledged === 'referred') && decision.outcome === 'admitted')
          return fail('CAPTURE_REFERRAL_REQUIRED', 'a hit was referred: the traveller goes to secondary inspection');
        if (accompanyingCrossingId !== undefined) runtime.crossing(accompanyingCrossingId);
        runtime.accompanying.set(captureId, accompanyingCrossingId ?? null);
        return ok(runtime.update({ ...state, decision, travel, direction: direction ?? state.direction }));
      },
      'capture.commit': async ({ captureId }) => {
        const state = runtime.capture(captureId);
        if (state.step !== 'ready-to-commit') return fail('CAPTURE_NOT_READY', `still missing: ${state.blockers.join(', ')}`);
        const crossingId = runtime.nextId('crossing');
        const savedAt = runtime.now().toISOString();
        const document = state.document!;
        const view: CrossingView = {
          summary: {
            crossingId,
            postId: DEMO_POST.postId,
            direction: state.direction,
            at: savedAt,
            surname: document.fields.surname,
            givenNames: document.fields.givenNames,
            nationality: document.fields.nationality,
            issuingState: document.fields.issuingState,
            documentNumber: document.fields.documentNumber,
            outcome: state.decision!.outcome,
            hits: state.checks!.hits.length,
            officerId: runtime.session!.officerId,
            synced: false,
          },
          document,
          fingers: state.fingers,
          faceJpegBase64: null,
          checks: state.checks!,
          decision: state.decision!,
          travel: state.travel!,
          accompanyingCrossingId: runtime.accompanying.get(captureId) ?? null,
          notes: [],
          timings: { started: state.startedAt, committed: savedAt },
        };
        runtime.crossings.push({ view, referredOpen: state.decision!.outcome === 'referred' });
        runtime.captures.delete(captureId);
        const pending = runtime.syncState.pending + 1;
        runtime.setSync({ pending, status: runtime.online ? { kind: 'waiting', pending } : runtime.syncState.status });
        return ok({ crossingId, savedAt });
      },
      'capture.cancel': async ({ captureId }) => {
        runtime.captures.delete(captureId);
        return ok(null);
      },

      'history.traveller': async (args) => {
        if (!('documentNumber' in args)) return fail('HISTORY_BAD_ARGS', 'look up by document');
        const mine = runtime.crossings
          .map((stored) => stored.view.summary)
          .filter((summary) => summary.documentNumber === args.documentNumber && summary.issuingState === args.issuingState)
          .sort((a, b) => b.at.localeCompare(a.at));
        if (!runtime.online) return ok({ local: mine, central: null, centralError: { code: 'SYNC_OFFLINE', message: 'no link to central' } });
        return ok({ local: mine, central: mine.filter((summary) => summary.synced), centralError: null });
      },
      'work.today': async ({ query, limit }) => {
        const startOfDay = new Date(runtime.now());
        startOfDay.setHours(0, 0, 0, 0);
        const items = runtime.crossings
          .map((stored) => stored.view.summary)
          .filter((summary) => summary.at >= startOfDay.toISOString() && runtime.matches(summary, query ?? ''))
          .sort((a, b) => b.at.localeCompare(a.at))
          .slice(0, Math.min(Math.max(limit ?? 50, 1), 200));
        return ok({ items, nextCursor: null });
      },
      'crossing.get': async ({ crossingId }) => ok(runtime.crossing(crossingId).view),
      'crossing.acknowledgement': async ({ crossingId, locale }) => ok(slipFor(runtime.crossing(crossingId).view, locale, runtime.now())),

      'secondary.queue': async () => ok(runtime.crossings.filter((stored) => stored.referredOpen).map((stored) => stored.view.summary)),
      'secondary.addNote': async ({ crossingId, note }) => {
        const stored = runtime.crossing(crossingId);
        if (typeof note !== 'string' || note.trim() === '') return fail('SECONDARY_EMPTY_NOTE', 'the note is empty');
        const view: InspectionNoteView = { noteId: runtime.nextId('note'), officerId: runtime.session!.officerId, at: runtime.now().toISOString(), note: note.trim() };
        stored.view = { ...stored.view, notes: [...stored.view.notes, view] };
        return ok(view);
      },
      'secondary.decide': async ({ crossingId, decision }) => {
        const stored = runtime.crossing(crossingId);
        if (decision.outcome === 'referred') return fail('SECONDARY_FINAL_DECISION', 'secondary inspection ends with admitted or refused');
        if (decision.outcome === 'refused' && !runtime.settings.refusalReasonCodes.includes(decision.reasonCode ?? '')) return fail('CAPTURE_REFUSAL_REASON', 'a refusal needs a reason code');
        stored.view = { ...stored.view, decision, summary: { ...stored.view.summary, outcome: decision.outcome, synced: false } };
        stored.referredOpen = false;
        return ok(stored.view);
      },

      'sync.state': async () => ok(runtime.syncState),
      'sync.now': async () => {
        if (runtime.syncState.status.kind === 'syncing') return ok(runtime.syncState);
        const startedAt = runtime.now().toISOString();
        if (!runtime.online) {
          runtime.setSync({ lastAttemptAt: startedAt, status: { kind: 'offline', since: startedAt, lastError: { code: 'SYNC_OFFLINE', message: 'no link to central' } } });
          return ok(runtime.syncState);
        }
        const moving = runtime.syncState.pending;
        runtime.setSync({ lastAttemptAt: startedAt, status: { kind: 'syncing', trigger: 'sync-now', direction: 'push', docsRead: 0, docsWritten: 0, bytes: 0 } });
        setTimeout(() => {
          const finishedAt = runtime.now().toISOString();
          const bytes = moving * 48_213;
          for (const stored of runtime.crossings) stored.view.summary.synced = true;
          const totals = runtime.syncState.totals;
          runtime.setSync({
            pending: 0,
            lastSuccessAt: finishedAt,
            status: { kind: 'up-to-date' },
            lastRun: { trigger: 'sync-now', startedAt, finishedAt, outcome: 'success', docsRead: 3, docsWritten: moving, bytes },
            totals: { runs: totals.runs + 1, failures: totals.failures, docsRead: totals.docsRead + 3, docsWritten: totals.docsWritten + moving, bytes: totals.bytes + bytes },
          });
        }, runtime.syncDelayMs);
        return ok(runtime.syncState);
      },

      // Removable media: the fake keeps no files; a path under /media/ stands for a plugged-in stick.
      'sync.exportBundle': async ({ path }) => {
        if (typeof path !== 'string' || path === '') return fail('BUNDLE_BAD_PATH', 'path must name the bundle file to write');
        if (!path.startsWith('/media/')) return fail('BUNDLE_WRITE_FAILED', `cannot write ${path}: ENOENT`);
        const documents = runtime.syncState.pending;
        return ok({ path, documents, bytes: 2048 + documents * 48_213 });
      },
      'sync.importBundle': async ({ path }) => {
        if (typeof path !== 'string' || path === '') return fail('BUNDLE_BAD_PATH', 'path must name the bundle file to read');
        if (!path.startsWith('/media/')) return fail('BUNDLE_FILE_UNREADABLE', `cannot read ${path}: ENOENT`);
        return ok({ documents: 12, alreadyPresent: 3 });
      },
      'devices.list': async () => ok(runtime.devices.map((device) => ({ ...device }))),
      'devices.assign': async ({ deviceId, role, protocol, port }) => {
        const device = runtime.devices.find((candidate) => candidate.deviceId === deviceId);
        if (!device) return fail('DEVICE_NOT_FOUND', `no device ${String(deviceId)}`);
        if (!['mrz-reader', 'fingerprint-scanner', 'none'].includes(role)) return fail('DEVICE_BAD_ROLE', 'unknown role');
        Object.assign(device, { role, protocol, ...(port !== undefined ? { port } : {}) });
        return ok({ ...device });
      },
      'devices.test': async ({ deviceId }) => {
        const device = runtime.devices.find((candidate) => candidate.deviceId === deviceId);
        if (!device) return fail('DEVICE_NOT_FOUND', `no device ${String(deviceId)}`);
        if (device.role === 'none') return ok({ deviceId, ok: false, summary: 'no role assigned', error: { code: 'DEVICE_NO_ROLE', message: 'assign a role first' } });
        const summary = device.role === 'mrz-reader' ? `read TD3 ${emulatedMrz('clean')[1]!.slice(0, 9)}…, all check digits pass` : 'finger captured, quality 81';
        return ok({ deviceId, ok: true, summary, error: null });
      },
      'devices.trace': async ({ deviceId, enabled }) => {
        if (!runtime.devices.some((candidate) => candidate.deviceId === deviceId)) return fail('DEVICE_NOT_FOUND', `no device ${String(deviceId)}`);
        clearInterval(runtime.traceTimers.get(deviceId));
        runtime.traceTimers.delete(deviceId);
        if (enabled) {
          let tick = 0;
          runtime.traceTimers.set(
            deviceId,
            setInterval(() => {
              tick += 1;
              const protocol = runtime.devices.find((candidate) => candidate.deviceId === deviceId)?.protocol;
              // Bytes shaped like each protocol's traffic: CUTE frames, ZFM (EF01) packets, HID boot-keyboard reports.
              const [direction, hex] =
                protocol === 'zfm'
                  ? tick % 2 === 1
                    ? (['tx', 'ef01ffffffff010003010005'] as const)
                    : (['rx', 'ef01ffffffff07000302000c'] as const)
                  : protocol === 'cute'
                    ? (['rx', `1c02${asciiHex(emulatedMrz('clean')[tick % 2]!.slice(0, 12))}031d`] as const)
                    : (['rx', tick % 2 === 1 ? '0200130000000000' : '0000000000000000'] as const);
              runtime.events.emit('device.trace', { deviceId, direction, hex, at: runtime.now().toISOString() });
            }, 400),
          );
        }
        return ok(null);
      },
      'devices.saveConfiguration': async () => ok({ savedAt: runtime.now().toISOString() }),

      'settings.get': async () => ok(runtime.settings),
    };
  }
}

/** Hex of ASCII text without Node's Buffer (this module also runs in the browser). */
function asciiHex(text: string): string {
  return Array.from(text, (char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}
