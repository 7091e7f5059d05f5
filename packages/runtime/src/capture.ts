import type { AlertIndex } from '@borderpost/alert-index';
import { BorderpostError, ok, toErrorData } from '@borderpost/common';
import type * as T from '@borderpost/contract';
import type { Events, HandlerImplementations } from '@borderpost/contract';
import type { AlertDoc, Traveller } from '@borderpost/matching';
import { type MrzResult, formatMrz, isKnownCountryCode, parseMrz } from '@borderpost/mrz';
import { checkPostDocument, newPostDocId } from '@borderpost/schemas';
import { alertTraveller } from './alert-traveller';
import { acknowledgementSlip } from './slip';

/** The narrow slice of a PouchDB database the capture services use. */
export interface CaptureDb {
  get(id: string, options?: { attachments?: boolean }): Promise<unknown>;
  put(doc: Record<string, unknown>): Promise<{ rev: string }>;
  allDocs(options: { include_docs: true; startkey: string; endkey: string; attachments?: boolean }): Promise<{ rows: Array<{ doc?: unknown }> }>;
  changes(options: { since: string | number; include_docs: true; limit: number }): Promise<{ results: Array<{ doc?: unknown }>; last_seq: string | number }>;
}

/** Where fingerprints come from: the device layer's scanner, or an emulator in tests and the demo. */
export interface FingerprintSource {
  capture(position: T.FingerPosition, deviceId?: string): Promise<{ png: Buffer; quality: number }>;
  /** The scanner's device id, for the live `device.finger` events. */
  deviceId?: string;
  /** False while no scanner is assigned (a technician may assign one while the station runs). */
  available?(): boolean;
}

export interface CaptureSettings {
  requiredFingers: T.FingerPosition[];
  minFingerQuality: number;
  childAgeWithoutFingerprints: number;
  refusalReasonCodes: string[];
}

export const defaultCaptureSettings: CaptureSettings = {
  requiredFingers: ['right-index', 'left-index'],
  minFingerQuality: 40,
  childAgeWithoutFingerprints: 12,
  refusalReasonCodes: ['NO_VALID_DOCUMENT', 'FALSE_DOCUMENT', 'NO_VISA', 'ALERT_LIST', 'INSUFFICIENT_MEANS', 'OTHER'],
};

export interface CaptureServiceOptions {
  local: CaptureDb;
  reference: CaptureDb;
  /**
   * The post's alert index (over an already opened, possibly encrypted, SQLite database). One instance
   * per database: the real and the training services share it, so its cached counts stay true.
   */
  alertIndex: AlertIndex;
  /**
   * Counts each committed crossing's traveller in the index's traveller history (the namesake estimate
   * follows the post's own travellers). False in training: practice travellers are not the post's.
   */
  countTravellers?: boolean;
  postId: string;
  stationId: string;
  officerId(): string;
  serverClockOffsetMs(): number | null;
  fingerprints: FingerprintSource | null;
  settings?: Partial<CaptureSettings>;
  /** Crossing ids by travel document, from a docstore projection (brought up to date on each call); a scan without it. */
  historyIndex?: (issuingState: string, documentNumber: string) => Promise<string[]>;
  /** Central's crossings of a travel document (`GET /api/travellers/crossings`); throws when it cannot be asked. */
  centralHistory?: (issuingState: string, documentNumber: string) => Promise<T.CrossingSummary[]>;
  /** Live finger feedback for the UI (`device.finger`): placed, then captured or poor. */
  onFinger?: (event: Events['device.finger']) => void;
  /** The officer's open shift and lane, recorded in each crossing. */
  shift?: () => { shiftId: string; laneId: string } | null;
  now?: () => Date;
}

interface Capture {
  state: T.CaptureState;
  officerId: string;
  parsed: MrzResult | null;
  /** The lines as read, before any repair: what a rejected correction falls back to. */
  rawLines: string[];
  source: 'reader' | 'manual';
  fingerImages: Map<T.FingerPosition, Buffer>;
  faceJpeg: Buffer | null;
  timings: Record<string, string>;
  accompanyingCrossingId: string | null;
}

type StoredCrossing = Record<string, unknown> & {
  _id: string;
  _rev?: string;
  postId: string;
  officerId: string;
  direction: T.Direction;
  createdAt: string;
  document: { issuingState: string; documentNumber: string; documentCode: string; format: T.DocumentCheck['format']; mrzLines: string[]; checks: Record<string, boolean>; expiryDate: string } & Record<string, unknown>;
  traveller: { surname: string; givenNames: string; nationality: string; birthDate: string; sex: 'M' | 'F' | 'X' };
  biometrics: { fingers: Array<{ position: T.FingerPosition; quality?: number; missingReason?: T.MissingFingerReason }>; face: { present: boolean } };
  checks: { hits: Array<{ listId: string; listVersion: number; entryId: string; kind: 'person' | 'document'; score: number; explanation: string; reasons?: T.HitReason[]; acknowledgement?: { outcome: T.HitOutcome } }>; riskFlags: Array<{ profileId: string; reason: string }>; listVersions: Record<string, number> };
  decision: { outcome: T.DecisionOutcome; reasonCode?: string; note?: string; at: string };
  travel: T.TravelDetails;
  timings: Record<string, string>;
  accompanyingCrossingId?: string;
  final?: { outcome: T.DecisionOutcome; reasonCode?: string; note?: string; at: string; officerId: string };
  travellerId?: string;
};

const fail = (code: string, message: string): never => {
  throw new BorderpostError(code, message);
};

/** The traveller as the alert index sees them: what the check queries, and what the traveller history counts. */
function travellerOf(capture: Capture, document: T.DocumentCheck): Traveller {
  return alertTraveller(document.fields, capture.parsed?.nameTruncated ?? false);
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1;
  return age;
}

/** Risk-profile rule (the shape central checks, see the server's RiskRuleSchema): every condition present must hold. */
export function riskRuleMatches(rule: Record<string, unknown>, c: { nationality: string; age: number; sex: string; documentCode: string; travel: T.TravelDetails | null; at: Date }): boolean {
  if (Array.isArray(rule.nationalities) && !rule.nationalities.includes(c.nationality)) return false;
  const band = rule.ageBand as { min?: number; max?: number } | undefined;
  if (band && ((band.min !== undefined && c.age < band.min) || (band.max !== undefined && c.age > band.max))) return false;
  if (typeof rule.sex === 'string' && rule.sex !== c.sex) return false;
  if (Array.isArray(rule.documentTypes) && !rule.documentTypes.includes(c.documentCode)) return false;
  if (Array.isArray(rule.routes)) {
    if (!c.travel) return false;
    if (!rule.routes.includes(c.travel.transport) && !(c.travel.destination && rule.routes.includes(c.travel.destination))) return false;
  }
  const time = rule.timeOfDay as { from: string; to: string } | undefined;
  if (time) {
    const hhmm = c.at.toISOString().slice(11, 16);
    const inside = time.from <= time.to ? hhmm >= time.from && hhmm <= time.to : hhmm >= time.from || hhmm <= time.to;
    if (!inside) return false;
  }
  return true;
}

/**
 * The capture services behind the officer's workflow (issue 6): document → check → biometrics → alert
 * list and risk profiles → decision → one crossing document with its images, durable before "saved";
 * plus traveller history, today's work, secondary inspection and the audit of views and decisions.
 * Captures in progress live in memory only: a crossing exists once committed, never half.
 */
export class CaptureService {
  private readonly captures = new Map<string, Capture>();
  private readonly settings: CaptureSettings;
  private readonly index: AlertIndex;
  private readonly now: () => Date;

  constructor(private readonly o: CaptureServiceOptions) {
    this.settings = { ...defaultCaptureSettings, ...o.settings };
    this.index = o.alertIndex;
    this.now = o.now ?? (() => new Date());
  }

  captureSettings(): CaptureSettings {
    return { ...this.settings };
  }

  updateSettings(patch: Partial<CaptureSettings>): void {
    Object.assign(this.settings, patch);
  }

  /** Feeds the alert index from the reference database's changes since the index's own checkpoint. */
  async refreshAlertIndex(): Promise<void> {
    let since: string | number = this.index.checkpoint() ?? 0;
    for (let page = 0; page < 10_000; page++) {
      const changes = await this.o.reference.changes({ since, include_docs: true, limit: 500 });
      const docs = changes.results
        .map((row) => row.doc as (AlertDoc & { _deleted?: boolean }) | undefined)
        .filter((doc): doc is AlertDoc => !!doc && !(doc as { _deleted?: boolean })._deleted && ['alert-list', 'alert-person', 'alert-document'].includes(doc.type));
      this.index.applyDocuments(docs, String(changes.last_seq));
      if (changes.results.length < 500) return;
      since = changes.last_seq;
    }
  }

  /** The alert-list versions this station checks travellers against (after taking in what has arrived). */
  async listVersions(): Promise<Record<string, number>> {
    await this.refreshAlertIndex();
    return Object.fromEntries(this.index.stats().lists.map((l) => [l.listId, l.version]));
  }

  async audit(action: string, outcome: 'ok' | 'denied' | 'failed', subjectId?: string, details?: Record<string, string | number | boolean | null>): Promise<void> {
    const doc = {
      _id: newPostDocId('audit', this.o.postId),
      type: 'audit',
      postId: this.o.postId,
      stationId: this.o.stationId,
      createdAt: this.now().toISOString(),
      actorId: this.o.officerId(),
      action,
      outcome,
      ...(subjectId ? { subjectId } : {}),
      ...(details ? { details } : {}),
    };
    await this.o.local.put(doc);
  }

  private get(captureId: string): Capture {
    const capture = this.captures.get(captureId);
    if (!capture) return fail('CAPTURE_NOT_FOUND', `no capture in progress with id ${captureId}`);
    if (capture.state.step === 'committed') return fail('CAPTURE_COMMITTED', 'this capture is already saved');
    return capture;
  }

  private refresh(capture: Capture): T.CaptureState {
    const { state } = capture;
    const blockers: string[] = [];
    const document = state.document;
    if (!document) blockers.push('DOCUMENT_MISSING');
    else if (document.corrections.some((c) => !document.confirmedCorrectionIds.includes(c.correctionId))) blockers.push('CORRECTIONS_PENDING');
    if (state.fingers.some((slot) => slot.status === 'pending')) blockers.push('FINGERS_PENDING');
    if (!state.face) blockers.push('FACE_MISSING');
    if (!state.checks) blockers.push('ALERTS_NOT_CHECKED');
    else if (state.checks.hits.some((hit) => hit.acknowledged === null)) blockers.push('HITS_NOT_ACKNOWLEDGED');
    if (!state.decision) blockers.push('DECISION_MISSING');
    const has = (code: string) => blockers.includes(code);
    const step: T.CaptureStep = !document
      ? 'document'
      : has('CORRECTIONS_PENDING')
        ? 'corrections'
        : has('FINGERS_PENDING') || has('FACE_MISSING')
          ? 'biometrics'
          : has('ALERTS_NOT_CHECKED') || has('HITS_NOT_ACKNOWLEDGED')
            ? 'checks'
            : has('DECISION_MISSING')
              ? 'decision'
              : 'ready-to-commit';
    capture.state = { ...state, blockers, step };
    return capture.state;
  }

  private documentCheck(capture: Capture, parsed: MrzResult, proposed: boolean): T.DocumentCheck {
    const today = this.now();
    const fields: T.ManualDocumentFields = {
      documentCode: parsed.documentCode ?? '',
      issuingState: parsed.issuingState ?? '',
      documentNumber: parsed.documentNumber ?? '',
      surname: parsed.surname ?? '',
      givenNames: parsed.givenNames ?? '',
      nationality: parsed.nationality ?? '',
      birthDate: parsed.birthDate ?? '',
      sex: parsed.sex === 'M' || parsed.sex === 'F' ? parsed.sex : 'X',
      expiryDate: parsed.expiryDate ?? '',
    };
    const corrections: T.ProposedCorrection[] = proposed
      ? parsed.corrections.map((c, i) => ({ correctionId: `c${i + 1}`, field: c.field, position: c.position, from: c.from, to: c.to, reason: `${c.from}→${c.to}: the check digit of ${c.field.replace(/Check$/, '')} then passes` }))
      : [];
    const checkDigits = Object.entries(parsed.checks).map(([field, passed]) => ({ field, ok: passed }));
    const failed = checkDigits.filter((c) => !c.ok).map((c) => c.field);
    const warnings: T.DocumentWarning[] = [];
    if (fields.expiryDate && fields.expiryDate < today.toISOString().slice(0, 10)) warnings.push({ code: 'DOCUMENT_EXPIRED', expiryDate: fields.expiryDate });
    if (failed.length > 0) warnings.push({ code: 'DOCUMENT_CHECK_FAILED', fields: failed });
    if (fields.issuingState && !isKnownCountryCode(fields.issuingState)) warnings.push({ code: 'DOCUMENT_UNKNOWN_STATE', issuingState: fields.issuingState });
    if (corrections.length > 0) warnings.push({ code: 'DOCUMENT_CORRECTIONS_PENDING', count: corrections.length });
    const minor = /^\d{4}-\d\d-\d\d$/.test(fields.birthDate) && ageOn(fields.birthDate, today) < this.settings.childAgeWithoutFingerprints;
    capture.timings.documentReadAt = today.toISOString();
    return {
      captureId: capture.state.captureId,
      format: parsed.format ?? 'TD3',
      fields,
      mrzLines: parsed.lines,
      checkDigits,
      corrections,
      confirmedCorrectionIds: [],
      warnings,
      minor,
      requiredFingers: minor ? [] : this.settings.requiredFingers,
    };
  }

  private setDocument(capture: Capture, check: T.DocumentCheck): T.DocumentCheck {
    capture.state = {
      ...capture.state,
      document: check,
      fingers: check.requiredFingers.map((position) => ({ position, status: 'pending', quality: null, attempts: 0, missingReason: null })),
      checks: null,
    };
    capture.fingerImages.clear();
    this.refresh(capture);
    return check;
  }

  handlers(): HandlerImplementations {
    return {
      'capture.start': async ({ direction }) => {
        if (direction !== 'entry' && direction !== 'exit') return fail('CAPTURE_BAD_DIRECTION', 'direction is entry or exit');
        const startedAt = this.now().toISOString();
        const captureId = newPostDocId('crossing', this.o.postId);
        const capture: Capture = {
          state: { captureId, direction, step: 'document', startedAt, document: null, fingers: [], face: null, checks: null, decision: null, travel: null, blockers: [] },
          officerId: this.o.officerId(),
          parsed: null,
          rawLines: [],
          source: 'reader',
          fingerImages: new Map(),
          faceJpeg: null,
          timings: { startedAt },
          accompanyingCrossingId: null,
        };
        this.captures.set(captureId, capture);
        this.refresh(capture);
        return ok({ captureId, startedAt });
      },
      'capture.state': async ({ captureId }) => ok(this.refresh(this.get(captureId))),
      'capture.cancel': async ({ captureId }) => {
        this.captures.delete(captureId);
        return ok(null);
      },
      'capture.takeDocument': async (args) => {
        const capture = this.get(args.captureId);
        if (args.source === 'manual') {
          const f = args.fields;
          if (!f || typeof f !== 'object') return fail('CAPTURE_DOCUMENT_INCOMPLETE', 'fields are required');
          const dates = [f.birthDate, f.expiryDate];
          if (!dates.every((value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) return fail('CAPTURE_DOCUMENT_BAD_DATE', 'dates must be YYYY-MM-DD');
          let lines: string[];
          try {
            lines = formatMrz({ ...f, sex: f.sex }, f.documentCode.startsWith('P') ? 'TD3' : 'TD1');
          } catch (error) {
            return fail('CAPTURE_DOCUMENT_INCOMPLETE', error instanceof Error ? error.message : String(error));
          }
          capture.parsed = parseMrz(lines.join('\n'), { repair: false, today: this.now() });
          capture.rawLines = lines;
          capture.source = 'manual';
          return ok(this.setDocument(capture, this.documentCheck(capture, capture.parsed, false)));
        }
        if (!Array.isArray(args.mrzLines) || args.mrzLines.some((line) => typeof line !== 'string')) return fail('CAPTURE_DOCUMENT_INCOMPLETE', 'mrzLines must be strings');
        const parsed = parseMrz(args.mrzLines.join('\n'), { today: this.now() });
        if (!parsed.format || parsed.errors.length > 0 && !parsed.documentNumber) {
          return fail('CAPTURE_DOCUMENT_UNREADABLE', parsed.errors.map((e) => e.message).join('; ') || 'not a machine-readable zone');
        }
        capture.parsed = parsed;
        capture.rawLines = [...args.mrzLines];
        capture.source = args.source === 'reader' ? 'reader' : 'manual';
        return ok(this.setDocument(capture, this.documentCheck(capture, parsed, true)));
      },
      'capture.confirmCorrections': async ({ captureId, accepted, rejected }) => {
        const capture = this.get(captureId);
        const document = capture.state.document;
        if (!document || !capture.parsed) return fail('CAPTURE_NO_DOCUMENT', 'take a document first');
        if ((rejected ?? []).length > 0) {
          // A rejected repair: the document is read as it came, with its failed check digits shown.
          const raw = parseMrz(capture.rawLines.join('\n'), { repair: false, today: this.now() });
          const check = this.documentCheck(capture, raw, false);
          capture.parsed = raw;
          return ok(this.setDocument(capture, check));
        }
        const confirmed = document.corrections.filter((c) => (accepted ?? []).includes(c.correctionId)).map((c) => c.correctionId);
        const next = { ...document, confirmedCorrectionIds: [...new Set([...document.confirmedCorrectionIds, ...confirmed])] };
        if (next.corrections.every((c) => next.confirmedCorrectionIds.includes(c.correctionId))) next.warnings = next.warnings.filter((w) => w.code !== 'DOCUMENT_CORRECTIONS_PENDING');
        capture.state = { ...capture.state, document: next };
        this.refresh(capture);
        return ok(next);
      },
      'capture.captureFinger': async ({ captureId, position, deviceId }) => {
        const capture = this.get(captureId);
        const slot = capture.state.fingers.find((s) => s.position === position);
        if (!slot) return fail('CAPTURE_FINGER_NOT_REQUIRED', `${position} is not asked for at this capture`);
        if (!this.o.fingerprints || this.o.fingerprints.available?.() === false) return fail('DEVICE_NOT_CONFIGURED', 'no fingerprint scanner is configured at this station');
        const scannerId = deviceId ?? this.o.fingerprints.deviceId ?? 'fingerprint-scanner';
        this.o.onFinger?.({ deviceId: scannerId, position, status: 'placed', quality: null, previewPngBase64: null });
        const { png, quality } = await this.o.fingerprints.capture(position, deviceId);
        const next: T.FingerSlot = { position, status: 'captured', quality: Math.max(0, Math.min(100, Math.round(quality))), attempts: slot.attempts + 1, missingReason: null };
        const acceptable = next.quality! >= this.settings.minFingerQuality;
        // A poor image is kept as the best so far only when no better one exists; the officer may retry.
        if (acceptable || slot.status !== 'captured' || (slot.quality ?? 0) < next.quality!) {
          capture.fingerImages.set(position, png);
          capture.state = { ...capture.state, fingers: capture.state.fingers.map((s) => (s.position === position ? next : s)) };
        } else {
          capture.state = { ...capture.state, fingers: capture.state.fingers.map((s) => (s.position === position ? { ...s, attempts: next.attempts } : s)) };
        }
        capture.timings.biometricsAt = this.now().toISOString();
        this.refresh(capture);
        this.o.onFinger?.({ deviceId: scannerId, position, status: acceptable ? 'captured' : 'poor', quality: next.quality, previewPngBase64: null });
        return ok({ slot: capture.state.fingers.find((s) => s.position === position)!, acceptable, previewPngBase64: png.toString('base64') });
      },
      'capture.declareMissingFinger': async ({ captureId, position, reason }) => {
        const capture = this.get(captureId);
        if (!['amputated', 'injured', 'refused', 'device-failure', 'unreadable'].includes(reason)) return fail('CAPTURE_BAD_REASON', 'unknown reason for a missing finger');
        if (!capture.state.fingers.some((s) => s.position === position)) return fail('CAPTURE_FINGER_NOT_REQUIRED', `${position} is not asked for`);
        capture.fingerImages.delete(position);
        capture.state = { ...capture.state, fingers: capture.state.fingers.map((s) => (s.position === position ? { ...s, status: 'missing', quality: null, missingReason: reason } : s)) };
        this.refresh(capture);
        return ok(capture.state.fingers);
      },
      'capture.takeFace': async ({ captureId, jpegBase64 }) => {
        const capture = this.get(captureId);
        const jpeg = Buffer.from(String(jpegBase64), 'base64');
        if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return fail('CAPTURE_FACE_NOT_JPEG', 'the face image is not a JPEG');
        const size = jpegSize(jpeg);
        capture.faceJpeg = jpeg;
        capture.state = { ...capture.state, face: { accepted: true, width: size.width, height: size.height, bytes: jpeg.length } };
        capture.timings.biometricsAt = this.now().toISOString();
        this.refresh(capture);
        return ok(capture.state.face!);
      },
      'capture.checkAlerts': async ({ captureId }) => {
        const capture = this.get(captureId);
        const document = capture.state.document;
        if (!document) return fail('CAPTURE_NO_DOCUMENT', 'take a document first');
        await this.refreshAlertIndex();
        const f = document.fields;
        const hits = this.index.query(travellerOf(capture, document));
        const lists = new Map(this.index.stats().lists.map((l) => [l.listId, l]));
        const views: T.AlertHitView[] = [];
        for (const hit of hits) {
          const entry = (await this.o.reference.get(hit.id).catch(() => null)) as { entryId?: string; reason?: string; listVersion?: number } | null;
          const list = lists.get(hit.listId);
          views.push({
            listId: hit.listId,
            listName: list?.name ?? hit.listId,
            listVersion: entry?.listVersion ?? list?.version ?? 1,
            entryId: entry?.entryId ?? hit.id.split(':').pop()!,
            kind: hit.kind === 'person' ? 'person' : 'document',
            score: hit.score,
            explanation: hit.explanation,
            reasons: hit.reasons,
            reason: entry?.reason ?? '',
            instruction: hit.instruction,
            acknowledged: null,
          });
        }
        const profiles = await this.o.reference.allDocs({ include_docs: true, startkey: 'risk-profile:', endkey: 'risk-profile:\uffff' });
        const riskFlags: T.RiskFlagView[] = [];
        const at = this.now();
        for (const row of profiles.rows) {
          const p = row.doc as { profileId: string; name: string; rule: Record<string, unknown>; action?: string; posts?: string[]; effectiveFrom?: string; effectiveTo?: string; _deleted?: boolean };
          if (!p || p._deleted || (p.posts && !p.posts.includes(this.o.postId))) continue;
          const day = at.toISOString().slice(0, 10);
          if ((p.effectiveFrom && day < p.effectiveFrom) || (p.effectiveTo && day > p.effectiveTo)) continue;
          const age = /^\d{4}-\d\d-\d\d$/.test(f.birthDate) ? ageOn(f.birthDate, at) : -1;
          if (riskRuleMatches(p.rule ?? {}, { nationality: f.nationality, age, sex: f.sex, documentCode: f.documentCode, travel: capture.state.travel, at })) {
            riskFlags.push({ profileId: p.profileId, name: p.name, reason: p.action === 'refer' ? `matches risk profile ${p.name}: refer to secondary inspection` : `matches risk profile ${p.name}` });
          }
        }
        const checks: T.AlertCheckResult = { captureId, hits: views, riskFlags, listVersions: Object.fromEntries([...lists.values()].map((l) => [l.listId, l.version])), checkedAt: at.toISOString() };
        capture.timings.checksAt = checks.checkedAt;
        capture.state = { ...capture.state, checks };
        this.refresh(capture);
        return ok(checks);
      },
      'capture.acknowledgeHit': async ({ captureId, listId, entryId, outcome, note }) => {
        const capture = this.get(captureId);
        const checks = capture.state.checks;
        if (!checks?.hits.some((h) => h.listId === listId && h.entryId === entryId)) return fail('CAPTURE_NO_SUCH_HIT', 'no such hit at this capture');
        if (!['confirmed', 'dismissed', 'referred'].includes(outcome)) return fail('CAPTURE_BAD_OUTCOME', 'confirmed, dismissed or referred');
        const next = { ...checks, hits: checks.hits.map((h) => (h.listId === listId && h.entryId === entryId ? { ...h, acknowledged: outcome, ...(note ? { note } : {}) } : h)) };
        capture.state = { ...capture.state, checks: next };
        this.refresh(capture);
        return ok(next);
      },
      'capture.decide': async ({ captureId, decision, travel, direction, accompanyingCrossingId }) => {
        const capture = this.get(captureId);
        checkDecision(decision, this.settings);
        if (!travel || typeof travel.purpose !== 'string' || typeof travel.transport !== 'string') return fail('CAPTURE_BAD_TRAVEL', 'purpose and transport are required');
        if (accompanyingCrossingId) {
          const adult = await this.o.local.get(accompanyingCrossingId).catch(() => null);
          if (!adult) return fail('CROSSING_NOT_FOUND', 'the accompanying adult’s crossing is not at this post');
          capture.accompanyingCrossingId = accompanyingCrossingId;
        }
        capture.timings.decidedAt = this.now().toISOString();
        capture.state = { ...capture.state, decision, travel, ...(direction === 'entry' || direction === 'exit' ? { direction } : {}) };
        return ok(this.refresh(capture));
      },
      'capture.commit': async ({ captureId }) => {
        const capture = this.get(captureId);
        const state = this.refresh(capture);
        if (state.step !== 'ready-to-commit') return fail('CAPTURE_NOT_READY', `still missing: ${state.blockers.join(', ')}`);
        const doc = this.crossingDocument(capture);
        const traveller = await this.travellerFor(doc);
        if (traveller) doc.travellerId = traveller.travellerId;
        const checked = checkPostDocument(doc, this.o.postId);
        if (!checked.ok) return fail('CAPTURE_INVALID_CROSSING', `the crossing does not match its schema: ${JSON.stringify(checked)}`.slice(0, 500));
        // PouchDB's put returns once SQLite committed (synchronous=FULL): "saved" means on disk.
        await this.o.local.put(doc);
        // A traveller first seen here gets a record; a failed write leaves the crossing saved (it names the id).
        if (traveller?.created) await this.o.local.put(traveller.created).catch((error: unknown) => console.error('borderpost runtime: traveller record not written', error));
        const savedAt = this.now().toISOString();
        capture.state = { ...capture.state, step: 'committed' };
        this.captures.delete(captureId);
        // Counted once the crossing is on disk and the capture gone (a second commit finds nothing to count).
        this.countTraveller(capture, doc._id);
        // The crossing is saved: an audit write failing now must not make the officer believe otherwise.
        await this.audit('crossing.decide', 'ok', doc._id, { outcome: doc.decision.outcome }).catch((error: unknown) => console.error('borderpost runtime: audit entry not written', error));
        return ok({ crossingId: doc._id, savedAt });
      },
      'history.traveller': async (args) => {
        let key: { issuingState: string; documentNumber: string } | null = null;
        if ('travellerId' in args) {
          const found = (await this.crossings()).find((c) => c._id === args.travellerId || c.travellerId === args.travellerId);
          if (found) key = found.document;
        } else if (typeof args.issuingState === 'string' && typeof args.documentNumber === 'string') key = { issuingState: args.issuingState, documentNumber: args.documentNumber };
        let local: T.CrossingSummary[] = [];
        if (key) {
          local = (await this.crossingsWithDocument(key.issuingState, key.documentNumber)).map(summary);
        }
        await this.audit('traveller.search', 'ok', key ? `${key.issuingState}:${key.documentNumber}` : undefined, { results: local.length });
        if (!key || !this.o.centralHistory) return ok({ local, central: null, centralError: { code: 'HISTORY_CENTRAL_UNAVAILABLE', message: 'central cannot be asked from this station' } });
        try {
          const here = new Set(local.map((s) => s.crossingId));
          const central = (await this.o.centralHistory(key.issuingState, key.documentNumber)).filter((s) => !here.has(s.crossingId));
          return ok({ local, central, centralError: null });
        } catch (error) {
          const data = error instanceof BorderpostError ? { code: error.code, message: error.message } : { code: 'SYNC_OFFLINE', message: error instanceof Error ? error.message : String(error) };
          return ok({ local, central: null, centralError: data });
        }
      },
      'work.today': async ({ query, limit }) => {
        const day = this.now().toISOString().slice(0, 10);
        const needle = (query ?? '').trim().toUpperCase();
        const items = (await this.crossings())
          .filter((c) => c.createdAt.startsWith(day))
          .map(summary)
          .filter((s) => !needle || [s.surname, s.givenNames, s.documentNumber, s.nationality].some((v) => v.toUpperCase().includes(needle)))
          .sort((a, b) => b.at.localeCompare(a.at));
        if (needle) await this.audit('traveller.search', 'ok', undefined, { query: needle.slice(0, 100), results: items.length });
        return ok({ items: items.slice(0, Math.max(1, Math.min(limit ?? 100, 500))), nextCursor: null });
      },
      'crossing.get': async ({ crossingId }) => {
        const doc = await this.crossing(crossingId, true);
        await this.audit('traveller.view', 'ok', crossingId);
        return ok(await this.view(doc));
      },
      'crossing.acknowledgement': async ({ crossingId, locale }) => {
        const doc = await this.crossing(crossingId, false);
        return ok(acknowledgementSlip(await this.view(doc), locale, this.now()));
      },
      'secondary.queue': async () => ok((await this.crossings()).filter((c) => c.decision.outcome === 'referred' && !c.final).map(summary)),
      'secondary.addNote': async ({ crossingId, note }) => {
        await this.crossing(crossingId, false);
        if (typeof note !== 'string' || !note.trim()) return fail('SECONDARY_EMPTY_NOTE', 'the note is empty');
        const at = this.now().toISOString();
        const noteId = newPostDocId('inspection-note', this.o.postId);
        await this.o.local.put({ _id: noteId, type: 'inspection-note', postId: this.o.postId, stationId: this.o.stationId, createdAt: at, crossingId, officerId: this.o.officerId(), note: note.slice(0, 4000) });
        return ok({ noteId, officerId: this.o.officerId(), at, note });
      },
      'secondary.decide': async ({ crossingId, decision }) => {
        const doc = await this.crossing(crossingId, true);
        if (doc.decision.outcome !== 'referred') return fail('SECONDARY_NOT_REFERRED', 'this crossing was not referred');
        checkDecision(decision, this.settings);
        if (decision.outcome === 'referred') return fail('SECONDARY_BAD_DECISION', 'the final decision is admitted or refused');
        const at = this.now().toISOString();
        doc.final = { outcome: decision.outcome, ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}), ...(decision.note ? { note: decision.note } : {}), at, officerId: this.o.officerId() };
        doc.timings = { ...doc.timings, finalAt: at };
        await this.o.local.put(doc);
        await this.audit('crossing.decide', 'ok', crossingId, { outcome: decision.outcome, secondary: true });
        return ok(await this.view(doc));
      },
    };
  }

  /**
   * Adds the committed crossing's traveller to the alert index's traveller history. The crossing is
   * already saved: a failure here only leaves the namesake estimate one traveller short, so it is
   * logged with a stable code and never reaches the officer.
   */
  private countTraveller(capture: Capture, crossingId: string): void {
    if (this.o.countTravellers === false || !capture.state.document) return;
    try {
      this.index.recordTravellers([travellerOf(capture, capture.state.document)]);
    } catch (error) {
      const data = { code: 'CAPTURE_TRAVELLER_NOT_COUNTED', message: 'the traveller was not counted in the alert index’s traveller history', crossingId, cause: toErrorData(error) };
      console.error(`borderpost runtime: ${JSON.stringify(data)}`);
    }
  }

  private crossingDocument(capture: Capture): StoredCrossing {
    const { state } = capture;
    const document = state.document!;
    const f = document.fields;
    const confirmed = document.corrections.filter((c) => document.confirmedCorrectionIds.includes(c.correctionId));
    const attachments: Record<string, { content_type: string; data: string }> = {};
    const fingers = state.fingers.map((slot) => {
      const image = capture.fingerImages.get(slot.position);
      if (slot.status === 'captured' && image) attachments[`finger-${slot.position}.png`] = { content_type: 'image/png', data: image.toString('base64') };
      return {
        position: slot.position,
        ...(slot.quality !== null ? { quality: slot.quality } : {}),
        ...(slot.missingReason ? { missingReason: slot.missingReason } : {}),
        ...(image && slot.status === 'captured' ? { attachment: `finger-${slot.position}.png` } : {}),
      };
    });
    if (capture.faceJpeg) attachments['face.jpg'] = { content_type: 'image/jpeg', data: capture.faceJpeg.toString('base64') };
    const stationTime = this.now().toISOString();
    const decision = state.decision!;
    const shift = this.o.shift?.() ?? null;
    const noCorrection = (c: T.ProposedCorrection) => ({ field: c.field, position: c.position, from: c.from, to: c.to });
    return {
      _id: state.captureId,
      type: 'crossing',
      postId: this.o.postId,
      stationId: this.o.stationId,
      createdAt: stationTime,
      officerId: capture.officerId,
      direction: state.direction,
      document: {
        format: document.format === 'manual' ? 'TD3' : document.format,
        documentCode: f.documentCode,
        issuingState: f.issuingState,
        documentNumber: f.documentNumber,
        expiryDate: f.expiryDate,
        mrzLines: document.mrzLines,
        checks: Object.fromEntries(document.checkDigits.map((c) => [c.field, c.ok])),
        valid: document.checkDigits.every((c) => c.ok),
        corrections: document.corrections.map(noCorrection),
        confirmedCorrections: confirmed.map(noCorrection),
        source: capture.source,
      },
      traveller: { surname: f.surname, givenNames: f.givenNames, birthDate: f.birthDate, sex: f.sex, nationality: f.nationality },
      biometrics: { fingers, face: { present: !!capture.faceJpeg, ...(capture.faceJpeg ? { attachment: 'face.jpg' } : {}) } },
      checks: {
        hits: state.checks!.hits.map((h) => ({
          listId: h.listId,
          listVersion: h.listVersion,
          entryId: h.entryId,
          kind: h.kind,
          score: h.score,
          explanation: h.explanation,
          ...(h.reasons ? { reasons: h.reasons } : {}),
          ...(h.acknowledged ? { acknowledgement: { officerId: capture.officerId, at: stationTime, outcome: h.acknowledged } } : {}),
        })),
        riskFlags: state.checks!.riskFlags.map((r) => ({ profileId: r.profileId, reason: r.reason })),
        listVersions: state.checks!.listVersions,
      },
      decision: { outcome: decision.outcome, ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}), ...(decision.note ? { note: decision.note } : {}), at: capture.timings.decidedAt ?? stationTime },
      travel: state.travel!,
      timings: { startedAt: capture.timings.startedAt!, ...capture.timings, decidedAt: capture.timings.decidedAt ?? stationTime, committedAt: stationTime },
      clock: { stationTime, serverOffsetMs: roundOrNull(this.o.serverClockOffsetMs()) },
      ...(capture.accompanyingCrossingId ? { accompanyingCrossingId: capture.accompanyingCrossingId } : {}),
      ...(shift ? { shiftId: shift.shiftId, laneId: shift.laneId } : {}),
      _attachments: attachments,
    };
  }

  /**
   * The traveller record for a crossing (design: the post writes "travellers first seen at that post";
   * central's duplicate queue works on them): the record an earlier crossing at this station with the same
   * document named, or a new `traveller:` record. Stations of a post do not share their databases, so a
   * document first seen at two stations gets two records — "one document under several records" in the
   * console's duplicate queue, merged there. Null when the document holds no complete birth date (a
   * record needs one): the crossing is saved without a traveller record.
   */
  private async travellerFor(doc: StoredCrossing): Promise<{ travellerId: string; created: Record<string, unknown> | null } | null> {
    const { issuingState, documentNumber } = doc.document;
    const known = (await this.crossingsWithDocument(issuingState, documentNumber))
      .sort((a, b) => b._id.localeCompare(a._id))
      .map((c) => c.travellerId)
      .find((id): id is string => typeof id === 'string');
    if (known) return { travellerId: known, created: null };
    const t = doc.traveller;
    const travellerId = newPostDocId('traveller', this.o.postId);
    const created = {
      _id: travellerId,
      type: 'traveller',
      postId: this.o.postId,
      stationId: this.o.stationId,
      createdAt: doc.createdAt,
      surname: t.surname,
      givenNames: t.givenNames,
      birthDate: t.birthDate,
      sex: t.sex,
      nationality: t.nationality,
      documents: [{ issuingState, documentNumber, ...(/^\d{4}-\d\d-\d\d$/.test(doc.document.expiryDate) ? { expiryDate: doc.document.expiryDate } : {}) }],
      firstCrossingId: doc._id,
    };
    return checkPostDocument(created, this.o.postId).ok ? { travellerId, created } : null;
  }

  /** This station's crossings with one document: through the history index when there is one, else by reading every crossing. */
  private async crossingsWithDocument(issuingState: string, documentNumber: string): Promise<StoredCrossing[]> {
    if (!this.o.historyIndex) return (await this.crossings()).filter((c) => c.document.issuingState === issuingState && c.document.documentNumber === documentNumber);
    // A purged crossing may still have a projection row: only documents still here count.
    const docs = await Promise.all((await this.o.historyIndex(issuingState, documentNumber)).map((id) => this.o.local.get(id).catch(() => null)));
    return docs.filter((doc): doc is StoredCrossing => !!doc);
  }

  private async crossings(): Promise<StoredCrossing[]> {
    const prefix = `crossing:${this.o.postId}:`;
    const rows = await this.o.local.allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\uffff` });
    return rows.rows.map((r) => r.doc as StoredCrossing).filter(Boolean);
  }

  private async crossing(crossingId: string, attachments: boolean): Promise<StoredCrossing> {
    const doc = (await this.o.local.get(crossingId, { attachments }).catch(() => null)) as StoredCrossing | null;
    if (!doc || (doc as { type?: string }).type !== 'crossing') return fail('CROSSING_NOT_FOUND', `no crossing ${crossingId} at this post`);
    return doc;
  }

  private async view(doc: StoredCrossing): Promise<T.CrossingView> {
    const notes = await this.o.local.allDocs({ include_docs: true, startkey: `inspection-note:${this.o.postId}:`, endkey: `inspection-note:${this.o.postId}:\uffff` });
    const attachments = (doc._attachments ?? {}) as Record<string, { data?: string }>;
    const decision = doc.final ?? doc.decision;
    return {
      summary: summary(doc),
      document: {
        captureId: doc._id,
        format: doc.document.format,
        fields: { documentCode: doc.document.documentCode, issuingState: doc.document.issuingState, documentNumber: doc.document.documentNumber, expiryDate: doc.document.expiryDate, ...doc.traveller },
        mrzLines: doc.document.mrzLines,
        checkDigits: Object.entries(doc.document.checks).map(([field, passed]) => ({ field, ok: passed })),
        corrections: [],
        confirmedCorrectionIds: [],
        warnings: [],
        minor: false,
        requiredFingers: doc.biometrics.fingers.map((f) => f.position),
      },
      fingers: doc.biometrics.fingers.map((f) => ({ position: f.position, status: f.missingReason ? 'missing' : 'captured', quality: f.quality ?? null, attempts: 1, missingReason: f.missingReason ?? null })),
      faceJpegBase64: attachments['face.jpg']?.data ?? null,
      checks: {
        captureId: doc._id,
        hits: doc.checks.hits.map((h) => ({ ...h, listName: h.listId, reason: '', instruction: '', acknowledged: h.acknowledgement?.outcome ?? null })),
        riskFlags: doc.checks.riskFlags.map((r) => ({ ...r, name: r.profileId })),
        listVersions: doc.checks.listVersions,
        checkedAt: doc.timings.checksAt ?? doc.timings.decidedAt!,
      },
      decision: { outcome: decision.outcome, ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}), ...(decision.note ? { note: decision.note } : {}) },
      travel: doc.travel,
      accompanyingCrossingId: doc.accompanyingCrossingId ?? null,
      notes: notes.rows
        .map((r) => r.doc as { _id: string; crossingId: string; officerId: string; createdAt: string; note: string })
        .filter((n) => n && n.crossingId === doc._id)
        .map((n) => ({ noteId: n._id, officerId: n.officerId, at: n.createdAt, note: n.note })),
      timings: doc.timings,
    };
  }
}

function roundOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value);
}

function checkDecision(decision: T.DecisionInput, settings: CaptureSettings): void {
  if (!decision || !['admitted', 'refused', 'referred'].includes(decision.outcome)) fail('CAPTURE_BAD_DECISION', 'admitted, refused or referred');
  if (decision.outcome === 'refused' && (!decision.reasonCode || !settings.refusalReasonCodes.includes(decision.reasonCode))) fail('CAPTURE_REFUSAL_REASON', 'a refusal needs one of the configured reason codes');
}

function summary(doc: StoredCrossing): T.CrossingSummary {
  return {
    crossingId: doc._id,
    postId: doc.postId,
    direction: doc.direction,
    at: doc.createdAt,
    surname: doc.traveller.surname,
    givenNames: doc.traveller.givenNames,
    nationality: doc.traveller.nationality,
    issuingState: doc.document.issuingState,
    documentNumber: doc.document.documentNumber,
    outcome: (doc.final ?? doc.decision).outcome,
    hits: doc.checks.hits.length,
    officerId: doc.officerId,
    // Whether central acknowledged it is tracked by sync, not per document yet.
    synced: false,
  };
}

/** Width and height from a JPEG's first start-of-frame marker (0 when none is found). */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1]!;
    const length = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return { width: 0, height: 0 };
}
