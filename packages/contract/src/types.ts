/**
 * Payload shapes of the contract. Plain JSON only (no Date, Buffer, Map, class instances): the same
 * values travel over Electron IPC (structured clone) and over HTTP/WebSocket in browser mode.
 * Times are ISO 8601 strings; images are base64 strings. Literal unions mirror `@borderpost/schemas`
 * (the stored documents) so a view value maps to a stored field without translation.
 */

export type Locale = 'en' | 'fr' | 'ar';
export type Role = 'officer' | 'supervisor' | 'technician' | 'admin';
export type Direction = 'entry' | 'exit';

export type FingerPosition =
  | 'right-thumb'
  | 'right-index'
  | 'right-middle'
  | 'right-ring'
  | 'right-little'
  | 'left-thumb'
  | 'left-index'
  | 'left-middle'
  | 'left-ring'
  | 'left-little';
export type MissingFingerReason = 'amputated' | 'injured' | 'refused' | 'device-failure' | 'unreadable';
export type TravelPurpose = 'tourism' | 'business' | 'transit' | 'work' | 'study' | 'family' | 'trade' | 'other';
export type Transport = 'foot' | 'car' | 'bus' | 'truck' | 'air' | 'boat' | 'rail';
export type DecisionOutcome = 'admitted' | 'refused' | 'referred';
export type HitOutcome = 'confirmed' | 'dismissed' | 'referred';

// ---- app, station, session -------------------------------------------------------------------------

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  /** Training mode: a separate local database that never syncs; the UI shows an unmistakable banner. */
  training: boolean;
  enrolled: boolean;
  postId: string | null;
  stationId: string | null;
  /** False until the post runtime has opened its store (the shell may answer before that). */
  runtimeReady: boolean;
}

export interface EnrolArgs {
  serverUrl: string;
  /** The one-time enrolment code issued by central. */
  code: string;
}

export interface EnrolResult {
  postId: string;
  stationId: string;
}

export interface SignInArgs {
  username: string;
  password: string;
  locale?: Locale;
}

export interface PostRef {
  postId: string;
  name: string;
}

export interface SessionInfo {
  officerId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Posts this officer may work at; the station's post is always among them after sign-in. */
  posts: PostRef[];
  locale: Locale;
  signedInAt: string;
  /** Idle sign-out after this long without activity (`session.touch`), with a warning event before. */
  idleTimeoutMs: number;
  /** True when this sign-in was checked against replicated credentials without a link. */
  offline: boolean;
}

// ---- shift and lane --------------------------------------------------------------------------------

export interface Lane {
  laneId: string;
  name: string;
  kind: 'pedestrian' | 'vehicle' | 'bus' | 'truck' | 'air' | 'sea' | 'rail';
}

export interface ShiftOptions {
  post: PostRef;
  lanes: Lane[];
}

export interface ShiftInfo {
  shiftId: string;
  postId: string;
  laneId: string;
  officerId: string;
  startedAt: string;
}

export interface ShiftSummary extends ShiftInfo {
  endedAt: string;
  crossings: number;
  referred: number;
  refused: number;
}

// ---- capture workflow ------------------------------------------------------------------------------

export interface StartCaptureArgs {
  direction: Direction;
}

export interface CaptureStarted {
  captureId: string;
  startedAt: string;
}

/** Fields typed by hand when there is no readable MRZ. */
export interface ManualDocumentFields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  surname: string;
  givenNames: string;
  nationality: string;
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
}

export type TakeDocumentArgs =
  | { captureId: string; source: 'reader'; deviceId: string; mrzLines: string[] }
  | { captureId: string; source: 'typed-mrz'; mrzLines: string[] }
  | { captureId: string; source: 'manual'; fields: ManualDocumentFields };

export interface ProposedCorrection {
  correctionId: string;
  field: string;
  position: number;
  from: string;
  to: string;
  /** Why the engine proposes it (e.g. "O→0: check digit of document number then passes"). */
  reason: string;
}

export interface CheckDigitResult {
  field: string;
  ok: boolean;
}

export type DocumentWarning =
  | { code: 'DOCUMENT_EXPIRED'; expiryDate: string }
  | { code: 'DOCUMENT_CHECK_FAILED'; fields: string[] }
  | { code: 'DOCUMENT_UNKNOWN_STATE'; issuingState: string }
  | { code: 'DOCUMENT_CORRECTIONS_PENDING'; count: number };

export interface DocumentCheck {
  captureId: string;
  format: 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB' | 'manual';
  fields: ManualDocumentFields;
  mrzLines: string[];
  checkDigits: CheckDigitResult[];
  corrections: ProposedCorrection[];
  confirmedCorrectionIds: string[];
  warnings: DocumentWarning[];
  /** True when the traveller is below the configured age for fingerprints (children). */
  minor: boolean;
  /** Fingers the station's settings ask for, after the minor rule. */
  requiredFingers: FingerPosition[];
}

export interface ConfirmCorrectionsArgs {
  captureId: string;
  accepted: string[];
  rejected: string[];
}

export interface CaptureFingerArgs {
  captureId: string;
  position: FingerPosition;
  /** Which scanner to use; the station's configured one when omitted. */
  deviceId?: string;
}

export interface FingerSlot {
  position: FingerPosition;
  status: 'pending' | 'captured' | 'missing';
  quality: number | null;
  attempts: number;
  missingReason: MissingFingerReason | null;
}

export interface FingerCaptureResult {
  slot: FingerSlot;
  /** Quality at or above the station's threshold. */
  acceptable: boolean;
  previewPngBase64: string | null;
}

export interface DeclareMissingFingerArgs {
  captureId: string;
  position: FingerPosition;
  reason: MissingFingerReason;
}

export interface TakeFaceArgs {
  captureId: string;
  jpegBase64: string;
}

export interface FaceResult {
  accepted: boolean;
  width: number;
  height: number;
  bytes: number;
}

/**
 * Why a hit matched, as data the UI says in the officer's language (same shape as MatchReason in
 * @borderpost/matching). Names are as read (MRZ Latin); dates 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'.
 */
export type HitReason =
  | { kind: 'alias'; index: number }
  | { kind: 'name'; travellerName: string; listName: string; relation: 'exact' | 'spelling-variant' | 'sounds-alike' | 'spelling' | 'initial' | 'truncated'; nameClass?: string }
  | { kind: 'name-unmatched'; side: 'traveller' | 'list'; names: string }
  | {
      kind: 'birth-date';
      relation: 'exact' | 'year' | 'day-month-swapped' | 'same-year-other-day' | 'one-year' | 'one-year-other-day' | 'different' | 'no-list-date' | 'no-traveller-date';
      traveller?: string;
      list?: string;
    }
  | { kind: 'sex'; relation: 'different'; traveller: string; list: string }
  | { kind: 'nationality'; relation: 'same' | 'different'; traveller: string; list: string[] }
  | { kind: 'common-name' }
  | {
      kind: 'document';
      relation: 'exact' | 'possible';
      documentType?: string;
      travellerState: string;
      travellerNumber: string;
      listState: string;
      listNumber: string;
      differences: { position: number; traveller: string; list: string }[];
      stateDiffers: boolean;
    };

export interface AlertHitView {
  listId: string;
  listName: string;
  listVersion: number;
  entryId: string;
  kind: 'person' | 'document';
  score: number;
  /** Why it matched, field by field, in English (fallback when `reasons` is absent). */
  explanation: string;
  /** Why it matched, as data to translate; absent from older runtimes. */
  reasons?: HitReason[];
  reason: string;
  instruction: string;
  acknowledged: HitOutcome | null;
}

export interface RiskFlagView {
  profileId: string;
  name: string;
  reason: string;
}

export interface AlertCheckResult {
  captureId: string;
  hits: AlertHitView[];
  riskFlags: RiskFlagView[];
  /** Alert list versions the check ran against (kept in the crossing). */
  listVersions: Record<string, number>;
  checkedAt: string;
}

export interface AcknowledgeHitArgs {
  captureId: string;
  listId: string;
  entryId: string;
  outcome: HitOutcome;
  note?: string;
}

export interface DecisionInput {
  outcome: DecisionOutcome;
  /** Required for `refused` (a configured reason code). */
  reasonCode?: string;
  note?: string;
}

export interface TravelDetails {
  purpose: TravelPurpose;
  destination?: string;
  transport: Transport;
  vehicle?: string;
  flight?: string;
}

export interface DecideArgs {
  captureId: string;
  decision: DecisionInput;
  travel: TravelDetails;
  /**
   * The direction as the officer records it in the decision form; replaces the one given at
   * `capture.start` (the officer may correct it before saving). Omitted: unchanged.
   */
  direction?: Direction;
  /** For a minor: the accompanying adult's crossing. */
  accompanyingCrossingId?: string;
}

export type CaptureStep = 'document' | 'corrections' | 'biometrics' | 'checks' | 'decision' | 'ready-to-commit' | 'committed';

export interface CaptureState {
  captureId: string;
  direction: Direction;
  step: CaptureStep;
  startedAt: string;
  document: DocumentCheck | null;
  fingers: FingerSlot[];
  face: FaceResult | null;
  checks: AlertCheckResult | null;
  decision: DecisionInput | null;
  travel: TravelDetails | null;
  /** What still blocks commit, as stable codes the UI translates. */
  blockers: string[];
}

export interface CommitResult {
  crossingId: string;
  /** The crossing is durable on disk when this is returned. */
  savedAt: string;
}

// ---- history, today's work, secondary inspection ---------------------------------------------------

export interface CrossingSummary {
  crossingId: string;
  postId: string;
  direction: Direction;
  at: string;
  surname: string;
  givenNames: string;
  nationality: string;
  issuingState: string;
  documentNumber: string;
  outcome: DecisionOutcome;
  hits: number;
  officerId: string;
  /** False while it has not reached central. */
  synced: boolean;
}

export type TravellerHistoryArgs = { travellerId: string } | { issuingState: string; documentNumber: string };

export interface TravellerHistory {
  local: CrossingSummary[];
  /** Null when central could not be asked (no link); `centralError` says why. */
  central: CrossingSummary[] | null;
  centralError: { code: string; message: string } | null;
}

export interface TodaysWorkArgs {
  query?: string;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface InspectionNoteView {
  noteId: string;
  officerId: string;
  at: string;
  note: string;
}

export interface CrossingView {
  summary: CrossingSummary;
  document: DocumentCheck;
  fingers: FingerSlot[];
  faceJpegBase64: string | null;
  checks: AlertCheckResult;
  decision: DecisionInput;
  travel: TravelDetails;
  accompanyingCrossingId: string | null;
  notes: InspectionNoteView[];
  timings: Record<string, string>;
}

export interface AcknowledgementSlip {
  crossingId: string;
  locale: Locale;
  /** Labels and values in the officer's language, ready to lay out for printing. */
  title: string;
  lines: Array<{ label: string; value: string }>;
  issuedAt: string;
}

// ---- devices (technicians) -------------------------------------------------------------------------

export type DeviceRole = 'mrz-reader' | 'fingerprint-scanner' | 'none';

export interface DeviceInfo {
  deviceId: string;
  kind: 'serial' | 'hid' | 'keyboard-wedge' | 'usb' | 'emulated';
  name: string;
  port: string | null;
  role: DeviceRole;
  protocol: string | null;
  state: 'connected' | 'disconnected' | 'error';
  lastError: { code: string; message: string } | null;
}

export interface AssignDeviceArgs {
  deviceId: string;
  role: DeviceRole;
  protocol: string | null;
  port?: string | null;
}

export interface DeviceTestResult {
  deviceId: string;
  ok: boolean;
  summary: string;
  error: { code: string; message: string } | null;
}

// ---- settings, training ----------------------------------------------------------------------------

export interface StationSettings {
  locale: Locale;
  requiredFingers: FingerPosition[];
  minFingerQuality: number;
  childAgeWithoutFingerprints: number;
  idleTimeoutMs: number;
  idleWarningMs: number;
  syncIntervalMs: number;
  refusalReasonCodes: string[];
  training: boolean;
}
