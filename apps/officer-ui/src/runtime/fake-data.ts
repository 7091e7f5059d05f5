/**
 * The seeded world of the FakeRuntime: demo users, one post with lanes, emulated documents, a tiny alert
 * list, risk profiles and earlier crossings. Everything is synthetic (no real person, no real list).
 */
import { formatMrz, type MrzFields } from '@borderpost/mrz';
import type { DeviceInfo, FingerPosition, Lane, PostRef, Role } from '@borderpost/contract';

export interface DemoUser {
  officerId: string;
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
}

export const DEMO_USERS: DemoUser[] = [
  { officerId: 'officer:amina', username: 'officer', password: 'officer', displayName: 'Amina Diallo', roles: ['officer'] },
  { officerId: 'officer:jean', username: 'supervisor', password: 'supervisor', displayName: 'Jean Mbeki', roles: ['officer', 'supervisor'] },
  { officerId: 'officer:tariq', username: 'technician', password: 'technician', displayName: 'Tariq Haddad', roles: ['officer', 'technician'] },
];

export const DEMO_POST: PostRef = { postId: 'post-rosso', name: 'Rosso' };

export const DEMO_LANES: Lane[] = [
  { laneId: 'lane-1', name: 'Lane 1', kind: 'pedestrian' },
  { laneId: 'lane-2', name: 'Lane 2', kind: 'vehicle' },
  { laneId: 'lane-3', name: 'Lane 3', kind: 'bus' },
];

export const REQUIRED_FINGERS: FingerPosition[] = ['right-thumb', 'right-index', 'left-thumb', 'left-index'];

export const REFUSAL_REASONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];

/** The documents the emulated reader can "swipe". */
export type EmulatedDocumentKind = 'clean' | 'alert' | 'expired' | 'unknown-state' | 'minor';
export const EMULATED_DOCUMENT_KINDS: EmulatedDocumentKind[] = ['clean', 'alert', 'expired', 'unknown-state', 'minor'];

const TRAVELLERS: Record<EmulatedDocumentKind, MrzFields> = {
  clean: { documentCode: 'P', issuingState: 'FRA', surname: 'MARTIN', givenNames: 'CLAIRE ANNE', documentNumber: '12AB34567', nationality: 'FRA', birthDate: '1988-04-12', sex: 'F', expiryDate: '2031-06-30' },
  alert: { documentCode: 'P', issuingState: 'UZB', surname: 'KARIMOV', givenNames: 'RUSTAM', documentNumber: 'FA0198234', nationality: 'UZB', birthDate: '1979-03-14', sex: 'M', expiryDate: '2030-09-01' },
  expired: { documentCode: 'P', issuingState: 'SEN', surname: 'NDIAYE', givenNames: 'MOUSSA', documentNumber: 'A02231476', nationality: 'SEN', birthDate: '1969-11-02', sex: 'M', expiryDate: '2024-01-15' },
  'unknown-state': { documentCode: 'P', issuingState: 'XYZ', surname: 'DOE', givenNames: 'ALEX', documentNumber: 'X12345678', nationality: 'XYZ', birthDate: '1990-07-21', sex: 'X', expiryDate: '2029-02-28' },
  minor: { documentCode: 'P', issuingState: 'MRT', surname: 'SALL', givenNames: 'FATIMA', documentNumber: 'M55012388', nationality: 'MRT', birthDate: '2019-05-01', sex: 'F', expiryDate: '2029-05-01' },
};

/**
 * The MRZ lines the emulated reader sends. The alert traveller's passport comes with a typical OCR
 * misread (O for 0 in the birth date) so the correction step is exercised on the way to the hit.
 */
export function emulatedMrz(kind: EmulatedDocumentKind): string[] {
  const lines = formatMrz(TRAVELLERS[kind], 'TD3');
  if (kind !== 'alert') return lines;
  return [lines[0]!, lines[1]!.slice(0, 13) + lines[1]!.slice(13, 19).replace('0', 'O') + lines[1]!.slice(19)];
}

export interface AlertEntry {
  listId: string;
  listName: string;
  listVersion: number;
  entryId: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  documentNumber: string | null;
  reason: string;
  instruction: string;
}

export const ALERT_LIST: AlertEntry[] = [
  { listId: 'national-watch', listName: 'National watch list', listVersion: 42, entryId: 'NW-0193', surname: 'KARIMOV', givenNames: 'RUSTAM', birthDate: '1979-03-14', documentNumber: null, reason: 'Wanted for questioning (customs fraud)', instruction: 'Refer to secondary inspection; inform the duty supervisor' },
  { listId: 'lost-stolen', listName: 'Lost and stolen documents', listVersion: 7, entryId: 'LS-5521', surname: '', givenNames: '', birthDate: '', documentNumber: 'A02231476', reason: 'Reported stolen', instruction: 'Retain the document' },
];

export const RISK_PROFILES = [
  { profileId: 'risk-specimen', name: 'Unknown issuing state', test: (issuingState: string) => issuingState === 'XYZ', reason: 'Issuing state is not an ICAO code' },
];

export const DEMO_DEVICES: DeviceInfo[] = [
  { deviceId: 'reader-wedge', kind: 'keyboard-wedge', name: 'Keyboard-mode passport reader', port: null, role: 'mrz-reader', protocol: 'wedge', state: 'connected', lastError: null },
  { deviceId: 'reader-cute', kind: 'emulated', name: 'Access-IS OCR315 (emulated)', port: '/dev/ttyUSB0', role: 'none', protocol: 'cute', state: 'connected', lastError: null },
  { deviceId: 'scanner-zfm', kind: 'emulated', name: 'ZFM-20 fingerprint module (emulated)', port: '/dev/ttyUSB1', role: 'fingerprint-scanner', protocol: 'zfm', state: 'connected', lastError: null },
];
