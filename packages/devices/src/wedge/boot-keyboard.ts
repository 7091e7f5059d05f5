import { LAYOUTS, type LayoutName, reverseLayout } from './layouts';

/**
 * HID boot-keyboard input reports: `[modifiers, reserved, k1..k6]`. A character is typed when its key
 * appears in a report that did not hold it before; the all-zero report releases everything.
 */
const SHIFT = 0x02 | 0x20;
const CTRL_ALT_GUI = 0x01 | 0x10 | 0x04 | 0x08 | 0x80;
/** "ErrorRollOver": too many keys at once; the report carries no key information. */
const ROLLOVER = 0x01;

export class BootKeyboardDecoder {
  private held = new Set<number>();
  /** Keys the layout cannot type (counted: a high number means the wrong layout or report format). */
  unknownKeys = 0;

  constructor(readonly layout: LayoutName) {}

  /** Returns the characters newly typed by this report. Bad reports (wrong length) type nothing. */
  push(report: Uint8Array): string {
    if (report.length < 3) return '';
    const modifiers = report[0]!;
    const keys = Array.from(report.subarray(2, 8)).filter((k) => k !== 0);
    if (keys.includes(ROLLOVER)) return '';
    let out = '';
    const now = new Set(keys);
    for (const key of keys) {
      if (this.held.has(key)) continue;
      // Ctrl/Alt/GUI chords are commands, not text; AltGr (right Alt) characters are not MRZ characters.
      if (modifiers & CTRL_ALT_GUI) continue;
      const pair = LAYOUTS[this.layout].keys[key];
      if (!pair) {
        this.unknownKeys += 1;
        continue;
      }
      out += modifiers & SHIFT ? pair[1] : pair[0];
    }
    this.held = now;
    return out;
  }
}

export function decodeBootReports(reports: Iterable<Uint8Array>, layout: LayoutName): string {
  const decoder = new BootKeyboardDecoder(layout);
  let text = '';
  for (const report of reports) text += decoder.push(report);
  return text;
}

/**
 * The reports a wedge reader configured for `layout` sends for `text` (press, then release, per
 * character). Throws for a character the layout cannot type. Used by fakes and tests.
 */
export function encodeBootReports(text: string, layout: LayoutName): Buffer[] {
  const reverse = reverseLayout(LAYOUTS[layout]);
  const reports: Buffer[] = [];
  for (const ch of text.replace(/\r\n|\r/g, '\n')) {
    const key = reverse.get(ch);
    if (!key) throw new RangeError(`layout ${layout} cannot type ${JSON.stringify(ch)}`);
    reports.push(Buffer.from([key.shift ? 0x02 : 0x00, 0, key.usage, 0, 0, 0, 0, 0]));
    reports.push(Buffer.alloc(8));
  }
  return reports;
}
