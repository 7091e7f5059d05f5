import { type SyncState } from '@borderpost/sync';
import type * as T from './types';

/** Events the post runtime pushes to the UI. Payloads are plain JSON. */
export interface Events {
  'sync.state': SyncState;
  /** A document read by a reader: routed to the capture workflow, never typed into a focused field. */
  'device.mrz': { deviceId: string; mrzLines: string[]; receivedAt: string };
  'device.finger': {
    deviceId: string;
    position: T.FingerPosition | null;
    status: 'placed' | 'captured' | 'poor' | 'removed';
    quality: number | null;
    previewPngBase64: string | null;
  };
  'device.status': { deviceId: string; state: T.DeviceInfo['state']; error: { code: string; message: string } | null };
  /** Raw bytes of a device (technician's trace), hex-encoded. */
  'device.trace': { deviceId: string; direction: 'rx' | 'tx'; hex: string; at: string };
  /** The session will end for inactivity at `signOutAt` unless `session.touch` is called. */
  'session.idleWarning': { signOutAt: string; remainingMs: number };
  'session.ended': { reason: 'signed-out' | 'idle' | 'locked' | 'revoked' };
  'app.training': { training: boolean };
}

export type EventName = keyof Events;

const eventFlags = {
  'sync.state': true,
  'device.mrz': true,
  'device.finger': true,
  'device.status': true,
  'device.trace': true,
  'session.idleWarning': true,
  'session.ended': true,
  'app.training': true,
} as const satisfies Record<EventName, true>;

export const eventNames = Object.keys(eventFlags) as EventName[];

const eventNameSet: ReadonlySet<string> = new Set(eventNames);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventNameSet.has(name);
}
