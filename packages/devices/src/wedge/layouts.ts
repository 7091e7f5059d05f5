/**
 * Host keyboard layouts for decoding HID boot-keyboard reports (usage page 07). A wedge reader sends
 * key positions, not characters: the same report is `<` on a US host (Shift + 0x36) and `;`... on
 * AZERTY, and digits need Shift on AZERTY. Only the keys a document reader can type are mapped.
 */
export type LayoutName = 'us' | 'fr' | 'de';

export interface KeyboardLayout {
  name: LayoutName;
  /** usage → [unshifted, shifted] */
  keys: Record<number, readonly [string, string]>;
}

const ENTER = 0x28;
const TAB = 0x2b;
const SPACE = 0x2c;

function letters(swaps: Record<string, string> = {}): Record<number, readonly [string, string]> {
  const keys: Record<number, readonly [string, string]> = {};
  for (let i = 0; i < 26; i++) {
    const us = String.fromCharCode(0x61 + i);
    const ch = swaps[us] ?? us;
    keys[0x04 + i] = [ch, ch.toUpperCase()];
  }
  return keys;
}

function row(usages: number[], pairs: string[]): Record<number, readonly [string, string]> {
  const keys: Record<number, readonly [string, string]> = {};
  usages.forEach((usage, i) => {
    const pair = pairs[i]!;
    keys[usage] = [pair[0]!, pair[1]!];
  });
  return keys;
}

const common: Record<number, readonly [string, string]> = { [ENTER]: ['\n', '\n'], [TAB]: ['\t', '\t'], [SPACE]: [' ', ' '] };
const TOP_ROW = [0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27];
const PUNCT = [0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x64];

export const LAYOUTS: Record<LayoutName, KeyboardLayout> = {
  us: {
    name: 'us',
    keys: {
      ...letters(),
      ...row(TOP_ROW, ['1!', '2@', '3#', '4$', '5%', '6^', '7&', '8*', '9(', '0)']),
      ...row(PUNCT, ['-_', '=+', '[{', ']}', '\\|', '#~', ';:', '\'"', '`~', ',<', '.>', '/?', '\\|']),
      ...common,
    },
  },
  fr: {
    name: 'fr',
    keys: {
      ...letters({ a: 'q', q: 'a', w: 'z', z: 'w', m: ',' }),
      // The key at US 'm' types ',' / '?', so it is overridden below; the US ';' key types 'm'.
      ...row(TOP_ROW, ['&1', 'é2', '"3', "'4", '(5', '-6', 'è7', '_8', 'ç9', 'à0']),
      ...row(PUNCT, [')°', '=+', '^¨', '$£', '*µ', '*µ', 'mM', 'ù%', '²²', ';.', ':/', '!§', '<>']),
      0x10: [',', '?'],
      ...common,
    },
  },
  de: {
    name: 'de',
    keys: {
      ...letters({ y: 'z', z: 'y' }),
      ...row(TOP_ROW, ['1!', '2"', '3§', '4$', '5%', '6&', '7/', '8(', '9)', '0=']),
      ...row(PUNCT, ['ß?', '´`', 'üÜ', '+*', "#'", "#'", 'öÖ', 'äÄ', '^°', ',;', '.:', '-_', '<>']),
      ...common,
    },
  },
};

/** Reverse map for the encoder: character → key, preferring unshifted and the ISO `<` key. */
export function reverseLayout(layout: KeyboardLayout): Map<string, { usage: number; shift: boolean }> {
  const map = new Map<string, { usage: number; shift: boolean }>();
  const usages = Object.keys(layout.keys)
    .map(Number)
    .sort((a, b) => (a === 0x64 ? -1 : b === 0x64 ? 1 : a - b));
  for (const usage of usages) {
    const [plain, shifted] = layout.keys[usage]!;
    if (!map.has(plain)) map.set(plain, { usage, shift: false });
    if (!map.has(shifted)) map.set(shifted, { usage, shift: true });
  }
  return map;
}
