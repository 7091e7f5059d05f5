/** USB ids of devices a post is likely to be given, so `devices list` can say what each port is. */
export interface KnownDevice {
  vendorId: string; // lower-case hex, 4 digits (serialport's and udev's form)
  productId?: string; // absent: any product of the vendor
  name: string;
  role: 'mrz' | 'fingerprint' | 'usb-serial-bridge';
  /** Protocol to try first. */
  protocol?: 'cute' | '3m' | 'lines' | 'access-is-hid' | 'wedge' | 'zfm';
}

export const KNOWN_DEVICES: KnownDevice[] = [
  { vendorId: '0db5', productId: '0120', name: 'Access-IS OCR/MSR reader (HID)', role: 'mrz', protocol: 'access-is-hid' },
  { vendorId: '0db5', productId: '0127', name: 'Access-IS OCR/MSR reader (keyboard + HID)', role: 'mrz', protocol: 'wedge' },
  { vendorId: '0db5', productId: '0137', name: 'Access-IS OCR312', role: 'mrz', protocol: 'access-is-hid' },
  { vendorId: '0db5', productId: '013e', name: 'Access-IS OCR312 (experimental firmware)', role: 'mrz', protocol: 'access-is-hid' },
  { vendorId: '0db5', productId: '0111', name: 'Access-IS reader in keyboard mode', role: 'mrz', protocol: 'wedge' },
  { vendorId: '0db5', name: 'Access-IS / HID Global document reader', role: 'mrz', protocol: 'cute' },
  { vendorId: '1162', name: 'SecuGen fingerprint scanner (vendor SDK or SBI service)', role: 'fingerprint' },
  { vendorId: '10c4', productId: 'ea60', name: 'Silicon Labs CP210x USB-serial (common on ZFM/R503 adapters)', role: 'usb-serial-bridge', protocol: 'zfm' },
  { vendorId: '1a86', productId: '7523', name: 'WCH CH340 USB-serial (common on ZFM/R503 adapters)', role: 'usb-serial-bridge', protocol: 'zfm' },
  { vendorId: '0403', productId: '6001', name: 'FTDI FT232 USB-serial', role: 'usb-serial-bridge' },
  { vendorId: '067b', productId: '2303', name: 'Prolific PL2303 USB-serial', role: 'usb-serial-bridge' },
];

export function normaliseUsbId(id: string | number | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  const n = typeof id === 'number' ? id : parseInt(String(id).replace(/^0x/i, ''), 16);
  return Number.isFinite(n) ? n.toString(16).padStart(4, '0') : undefined;
}

export function identify(vendorId: string | number | undefined, productId: string | number | undefined): KnownDevice | undefined {
  const vid = normaliseUsbId(vendorId);
  const pid = normaliseUsbId(productId);
  if (!vid) return undefined;
  return KNOWN_DEVICES.find((d) => d.vendorId === vid && d.productId === pid) ?? KNOWN_DEVICES.find((d) => d.vendorId === vid && d.productId === undefined);
}
