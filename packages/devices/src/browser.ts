/**
 * The platform-free part of the device layer, for the officer UI (renderer or browser): keyboard-wedge
 * decoding and the keystroke-burst detector. Imports nothing from Node, serialport or node-hid.
 * `import { KeystrokeBurstDetector } from '@borderpost/devices/browser'`.
 */
export { KeystrokeBurstDetector, looksLikeMrz, type BurstOutcome, type KeyDecision, type BurstDetectorOptions } from './wedge/burst';
export { BootKeyboardDecoder, decodeBootReports, encodeBootReports } from './wedge/boot-keyboard';
export { LAYOUTS, type LayoutName, type KeyboardLayout } from './wedge/layouts';
