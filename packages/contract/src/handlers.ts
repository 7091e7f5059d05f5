import { type Result } from '@borderpost/common';
import { type SyncState } from '@borderpost/sync';
import type * as T from './types';

/** One call across the boundary: plain-JSON arguments in, a Result out; errors are data (conventions §5). */
export type Call<Args, Value> = (args: Args) => Promise<Result<Value>>;

/** Calls that take nothing still take an (empty) object, so every call has the same shape on every transport. */
export type NoArgs = Record<string, never>;

/**
 * Every call the officer UI makes to the post runtime (issues 6 and 7). The runtime implements these, the
 * preload bridge and the browser-mode HTTP transport carry them, and the UI calls them through
 * `createClient`. Adding a call here is the whole change to the wire format.
 */
export interface Handlers {
  'app.info': Call<NoArgs, T.AppInfo>;
  'station.enrol': Call<T.EnrolArgs, T.EnrolResult>;

  'session.signIn': Call<T.SignInArgs, T.SessionInfo>;
  'session.signOut': Call<NoArgs, null>;
  'session.current': Call<NoArgs, T.SessionInfo | null>;
  /** Activity from the UI (throttled by the caller); resets the idle sign-out timer. */
  'session.touch': Call<NoArgs, null>;
  'session.setLocale': Call<{ locale: T.Locale }, null>;

  'shift.options': Call<NoArgs, T.ShiftOptions>;
  'shift.start': Call<{ postId: string; laneId: string }, T.ShiftInfo>;
  'shift.current': Call<NoArgs, T.ShiftInfo | null>;
  'shift.end': Call<NoArgs, T.ShiftSummary>;

  'capture.start': Call<T.StartCaptureArgs, T.CaptureStarted>;
  'capture.state': Call<{ captureId: string }, T.CaptureState>;
  'capture.takeDocument': Call<T.TakeDocumentArgs, T.DocumentCheck>;
  'capture.confirmCorrections': Call<T.ConfirmCorrectionsArgs, T.DocumentCheck>;
  'capture.captureFinger': Call<T.CaptureFingerArgs, T.FingerCaptureResult>;
  'capture.declareMissingFinger': Call<T.DeclareMissingFingerArgs, T.FingerSlot[]>;
  'capture.takeFace': Call<T.TakeFaceArgs, T.FaceResult>;
  'capture.checkAlerts': Call<{ captureId: string }, T.AlertCheckResult>;
  'capture.acknowledgeHit': Call<T.AcknowledgeHitArgs, T.AlertCheckResult>;
  'capture.decide': Call<T.DecideArgs, T.CaptureState>;
  /** Durable before it answers: `ok` means the crossing survives a power cut. */
  'capture.commit': Call<{ captureId: string }, T.CommitResult>;
  'capture.cancel': Call<{ captureId: string }, null>;

  'history.traveller': Call<T.TravellerHistoryArgs, T.TravellerHistory>;
  'work.today': Call<T.TodaysWorkArgs, T.Page<T.CrossingSummary>>;
  /** Opening a record is audited. */
  'crossing.get': Call<{ crossingId: string }, T.CrossingView>;
  'crossing.acknowledgement': Call<{ crossingId: string; locale: T.Locale }, T.AcknowledgementSlip>;

  'secondary.queue': Call<NoArgs, T.CrossingSummary[]>;
  'secondary.addNote': Call<{ crossingId: string; note: string }, T.InspectionNoteView>;
  'secondary.decide': Call<{ crossingId: string; decision: T.DecisionInput }, T.CrossingView>;

  'sync.state': Call<NoArgs, SyncState>;
  'sync.now': Call<NoArgs, SyncState>;
  'sync.exportBundle': Call<{ path: string }, { path: string; documents: number; bytes: number }>;
  'sync.importBundle': Call<{ path: string }, { documents: number; alreadyPresent: number }>;

  'devices.list': Call<NoArgs, T.DeviceInfo[]>;
  'devices.assign': Call<T.AssignDeviceArgs, T.DeviceInfo>;
  'devices.test': Call<{ deviceId: string }, T.DeviceTestResult>;
  /** Turns the raw byte trace of a device on or off; bytes arrive as `device.trace` events. */
  'devices.trace': Call<{ deviceId: string; enabled: boolean }, null>;
  'devices.saveConfiguration': Call<NoArgs, { savedAt: string }>;

  'settings.get': Call<NoArgs, T.StationSettings>;
  'settings.update': Call<{ patch: Partial<T.StationSettings> }, T.StationSettings>;
  'training.set': Call<{ enabled: boolean }, { training: boolean }>;
}

export type HandlerName = keyof Handlers;
export type ArgsOf<K extends HandlerName> = Parameters<Handlers[K]>[0];
export type ValueOf<K extends HandlerName> = Handlers[K] extends Call<unknown, infer V> ? V : never;

/**
 * Who may make a call: `public` needs no session; the others need a signed-in officer with that role
 * (`officer` = any signed-in user). Enforced by the runtime's dispatcher and by browser mode alike.
 */
export type Access = 'public' | 'signed-in' | Exclude<T.Role, 'officer'>;

/**
 * The runtime list of calls, with their access rule. `satisfies Record<HandlerName, …>` makes the compiler
 * reject a call declared in `Handlers` and missing here (or the reverse), so the IPC relay's allow-list
 * can never drift from the type.
 */
export const handlerAccess = {
  'app.info': 'public',
  'station.enrol': 'public',
  'session.signIn': 'public',
  'session.signOut': 'public',
  'session.current': 'public',
  'session.touch': 'signed-in',
  'session.setLocale': 'public',
  'shift.options': 'signed-in',
  'shift.start': 'signed-in',
  'shift.current': 'signed-in',
  'shift.end': 'signed-in',
  'capture.start': 'signed-in',
  'capture.state': 'signed-in',
  'capture.takeDocument': 'signed-in',
  'capture.confirmCorrections': 'signed-in',
  'capture.captureFinger': 'signed-in',
  'capture.declareMissingFinger': 'signed-in',
  'capture.takeFace': 'signed-in',
  'capture.checkAlerts': 'signed-in',
  'capture.acknowledgeHit': 'signed-in',
  'capture.decide': 'signed-in',
  'capture.commit': 'signed-in',
  'capture.cancel': 'signed-in',
  'history.traveller': 'signed-in',
  'work.today': 'signed-in',
  'crossing.get': 'signed-in',
  'crossing.acknowledgement': 'signed-in',
  'secondary.queue': 'signed-in',
  'secondary.addNote': 'signed-in',
  'secondary.decide': 'signed-in',
  'sync.state': 'public',
  'sync.now': 'signed-in',
  'sync.exportBundle': 'signed-in',
  'sync.importBundle': 'technician',
  'devices.list': 'technician',
  'devices.assign': 'technician',
  'devices.test': 'technician',
  'devices.trace': 'technician',
  'devices.saveConfiguration': 'technician',
  'settings.get': 'signed-in',
  'settings.update': 'admin',
  'training.set': 'supervisor',
} as const satisfies Record<HandlerName, Access>;

export const handlerNames = Object.keys(handlerAccess) as HandlerName[];

const handlerNameSet: ReadonlySet<string> = new Set(handlerNames);

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && handlerNameSet.has(name);
}
