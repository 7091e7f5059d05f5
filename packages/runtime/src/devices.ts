import type { EventHub, FingerPosition } from '@borderpost/contract';
import { type DeviceManager, type FingerSubType, contrastQuality, encodeGreyPng } from '@borderpost/devices';
import type { FingerprintSource } from './capture';

/** Contract finger names → SBI/ISO subtype names used by the device layer. */
function fingerSubType(position: FingerPosition): FingerSubType {
  const [hand, finger] = position.split('-') as ['left' | 'right', string];
  const side = hand === 'left' ? 'Left' : 'Right';
  if (finger === 'thumb') return `${side} Thumb` as FingerSubType;
  return `${side} ${finger[0]!.toUpperCase()}${finger.slice(1)}Finger` as FingerSubType;
}

/**
 * The station's devices feeding the runtime: documents read by the MRZ reader go to the UI as
 * `device.mrz` events (the workflow takes them, never a focused field), status changes as `device.status`,
 * and the fingerprint device serves `capture.captureFinger`. Returns a function that detaches.
 */
export function attachDevices(manager: DeviceManager, events: EventHub): { fingerprints: FingerprintSource; detach: () => void } {
  const onDocument = ({ deviceId, read }: { deviceId: string; read: { lines: string[]; receivedAt: string } }) =>
    events.emit('device.mrz', { deviceId, mrzLines: read.lines, receivedAt: read.receivedAt });
  const onStatus = ({ deviceId, status, error }: { deviceId: string; status: 'open' | 'offline'; error?: { code: string; message: string } }) =>
    events.emit('device.status', { deviceId, state: status === 'open' ? 'connected' : 'disconnected', error: error ?? null });
  manager.on('document', onDocument);
  manager.on('status', onStatus);
  const fingerprints: FingerprintSource = {
    capture: async (position) => {
      const image = await manager.captureFinger(fingerSubType(position));
      // ZFM modules report no quality: the image's own contrast measure stands in for it.
      const quality = image.quality ?? contrastQuality(image);
      return { png: encodeGreyPng(image), quality };
    },
  };
  return {
    fingerprints,
    detach: () => {
      manager.off('document', onDocument);
      manager.off('status', onStatus);
    },
  };
}
