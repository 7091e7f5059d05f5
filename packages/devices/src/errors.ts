import { BorderpostError } from '@borderpost/common';

/**
 * Stable error codes of the device layer. They are a public contract (the officer UI translates
 * them, technicians search logs for them): never rename one, add a new one.
 */
export type DeviceErrorCode =
  | 'DEVICE_NOT_FOUND' // the port / HID path / SBI service does not exist
  | 'DEVICE_OPEN_FAILED' // exists but cannot be opened (permissions, locked by another program)
  | 'DEVICE_PERMISSION_DENIED' // EACCES: user not in dialout / no udev rule
  | 'DEVICE_BUSY' // locked by another process, or an SBI device reports Busy
  | 'DEVICE_TIMEOUT' // the device never answered / no document within the time allowed
  | 'DEVICE_DISCONNECTED' // unplugged (or the link closed) mid-operation
  | 'DEVICE_CLOSED' // the driver was closed while an operation was waiting
  | 'DEVICE_BAD_CHECKSUM' // a packet failed its checksum
  | 'DEVICE_PROTOCOL_ERROR' // bytes that do not follow the protocol (wrong packet type, bad length)
  | 'DEVICE_NO_FINGER' // capture ended without a finger on the sensor
  | 'DEVICE_CAPTURE_FAILED' // the device reported a capture failure (messy image, too few features)
  | 'DEVICE_REJECTED' // the device answered with a failure confirmation / error code
  | 'DEVICE_UNSUPPORTED' // a feature the device or our decoder does not support
  | 'DEVICE_CONFIG_INVALID' // a station device configuration that fails validation
  | 'DEVICE_SBI_ERROR' // an SBI service answered with an error object
  | 'DEVICE_TOOL_MISSING'; // a system tool (socat) needed by an emulator is not installed

export class DeviceError extends BorderpostError {
  declare readonly code: DeviceErrorCode;
  constructor(code: DeviceErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
    this.name = 'DeviceError';
  }
}

/** Maps an OS error from opening a port to a device error a technician can act on. */
export function openErrorToDeviceError(error: unknown, path: string): DeviceError {
  const message = error instanceof Error ? error.message : String(error);
  const sysCode = (error as { code?: unknown } | null)?.code;
  if (sysCode === 'ENOENT' || /no such file|does not exist|cannot find/i.test(message)) {
    return new DeviceError('DEVICE_NOT_FOUND', `no device at ${path}`, { path }, { cause: error });
  }
  if (sysCode === 'EACCES' || /permission denied|access denied/i.test(message)) {
    return new DeviceError(
      'DEVICE_PERMISSION_DENIED',
      `permission denied opening ${path}: on Linux add the user to the dialout group (then log in again) or install a udev rule`,
      { path },
      { cause: error },
    );
  }
  if (/lock|busy/i.test(message)) {
    return new DeviceError('DEVICE_BUSY', `${path} is in use by another program`, { path }, { cause: error });
  }
  return new DeviceError('DEVICE_OPEN_FAILED', `cannot open ${path}: ${message}`, { path }, { cause: error });
}
