/** MOSIP SBI 0.9.5 shapes (docs/biometrics/mds-specification.md), reduced to what a post uses. */

export const FINGER_SUBTYPES = [
  'Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger', 'Left Thumb',
  'Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger', 'Right LittleFinger', 'Right Thumb',
] as const;
export type FingerSubType = (typeof FINGER_SUBTYPES)[number];

/** Older SBI/MDS drafts name fingers `LF_INDEX` …; answers are normalised to the current names. */
export const LEGACY_FINGER_NAMES: Record<string, FingerSubType> = {
  LF_INDEX: 'Left IndexFinger', LF_MIDDLE: 'Left MiddleFinger', LF_RING: 'Left RingFinger', LF_LITTLE: 'Left LittleFinger', LF_THUMB: 'Left Thumb',
  RF_INDEX: 'Right IndexFinger', RF_MIDDLE: 'Right MiddleFinger', RF_RING: 'Right RingFinger', RF_LITTLE: 'Right LittleFinger', RF_THUMB: 'Right Thumb',
};

export function isFingerSubType(value: string): value is FingerSubType {
  return (FINGER_SUBTYPES as readonly string[]).includes(value);
}

export interface SbiError {
  errorCode: string;
  errorInfo: string;
}

export interface SbiDiscoveredDevice {
  deviceId: string;
  deviceStatus: 'Ready' | 'Busy' | 'Not Ready' | 'Not Registered' | string;
  certification: string;
  serviceVersion: string;
  deviceSubId: number[] | string[];
  callbackId: string;
  digitalId: string;
  deviceCode: string;
  specVersion: string[];
  purpose: string;
  error?: SbiError;
}

export const SBI_ERRORS: Record<string, string> = {
  '0': 'success',
  '100': 'device not registered',
  '101': 'no biometric object detected (no finger on the scanner)',
  '102': 'extraction error',
  '103': 'device tampered',
  '104': 'management server unreachable',
  '105': 'wrong orientation',
  '106': 'device not found',
  '107': 'device key expired',
  '108': 'domain key missing',
  '109': 'unsupported count',
  '110': 'device not ready',
  '111': 'device busy',
  '112': 'invalid transaction id',
};
