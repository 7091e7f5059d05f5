/**
 * Keystroke-burst detector for keyboard-wedge readers that type into the focused window. The UI feeds
 * it every keydown (`KeyboardEvent.key` and `timeStamp`) and does what it says:
 *
 * - `hold`: swallow the key (preventDefault). The detector keeps it.
 * - `pass`: let the key through untouched (a chord, a navigation key, an Enter after a pause).
 *
 * Outcomes arrive from `key()` and from `flush(now)` (the UI calls it from a timer `maxGapMs` after the
 * last key): `release` gives back what a human typed, so the UI inserts it in the field; `mrz` is a
 * scanner burst shaped like an MRZ, which never reaches a form field; `burst` is any other fast burst
 * (a barcode). Human keystrokes come at most every ~80 ms; wedge readers type every 1–30 ms.
 *
 * Platform-free: no DOM, no timers; time is whatever clock the caller passes.
 */
export interface BurstDetectorOptions {
  /** Longest gap between two keys of one burst. */
  maxGapMs?: number;
  /** Fewest characters for a burst (an MRZ has at least 60). */
  minBurstLength?: number;
  /** Decides trust: true when every check digit passes. Injected so this module stays dependency-free. */
  validate?: (lines: string[]) => boolean;
}

export type BurstOutcome =
  | { type: 'release'; text: string }
  | { type: 'mrz'; lines: string[]; text: string; trusted: boolean; durationMs: number }
  | { type: 'burst'; text: string; durationMs: number };

export interface KeyDecision {
  action: 'hold' | 'pass';
  outcomes: BurstOutcome[];
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Dead']);

/** MRZ line lengths by line count: TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44 (1×30 for some ID barcodes). */
export function looksLikeMrz(lines: string[]): boolean {
  if (lines.length === 3) return lines.every((line) => line.length === 30);
  if (lines.length === 2) return lines[0]!.length === lines[1]!.length && (lines[0]!.length === 36 || lines[0]!.length === 44);
  return false;
}

export class KeystrokeBurstDetector {
  private buffer = '';
  private firstAt = 0;
  private lastAt = 0;
  private readonly maxGapMs: number;
  private readonly minBurstLength: number;

  constructor(private readonly options: BurstDetectorOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 50;
    this.minBurstLength = options.minBurstLength ?? 20;
  }

  get holding(): boolean {
    return this.buffer.length > 0;
  }

  key(key: string, time: number, modifiers: { ctrl?: boolean; alt?: boolean; meta?: boolean } = {}): KeyDecision {
    const outcomes: BurstOutcome[] = [];
    if (this.buffer.length > 0 && time - this.lastAt > this.maxGapMs) outcomes.push(...this.flush(time));
    if (MODIFIERS.has(key)) return { action: this.buffer.length > 0 ? 'hold' : 'pass', outcomes };
    if (modifiers.ctrl || modifiers.alt || modifiers.meta) return { action: 'pass', outcomes };
    const typed = key === 'Enter' ? '\n' : key.length === 1 ? key : null;
    if (typed === null) {
      // Arrows, Backspace, F-keys: a person is typing. End whatever is held first.
      outcomes.push(...this.flush(Number.POSITIVE_INFINITY));
      return { action: 'pass', outcomes };
    }
    if (typed === '\n' && this.buffer.length === 0) return { action: 'pass', outcomes };
    if (this.buffer.length === 0) this.firstAt = time;
    this.buffer += typed;
    this.lastAt = time;
    // Bounded: a stuck scanner typing forever is ended as a burst every 1000 characters.
    if (this.buffer.length >= 1000) outcomes.push(...this.flush(Number.POSITIVE_INFINITY));
    return { action: 'hold', outcomes };
  }

  /** Ends the held keys if the gap since the last one is over (`now` = current time). */
  flush(now: number): BurstOutcome[] {
    if (this.buffer.length === 0 || now - this.lastAt <= this.maxGapMs) return [];
    const text = this.buffer;
    const durationMs = this.lastAt - this.firstAt;
    this.buffer = '';
    const typedChars = text.replace(/\n/g, '').length;
    // A burst is many characters at scanner speed; everything else was a person typing.
    const fast = typedChars >= this.minBurstLength && durationMs <= typedChars * this.maxGapMs;
    if (!fast) return [{ type: 'release', text }];
    const lines = text.split('\n').filter((line) => line.length > 0);
    if (looksLikeMrz(lines) || /^[A-Z0-9<\n]+$/.test(text)) {
      const trusted = looksLikeMrz(lines) && (this.options.validate?.(lines) ?? false);
      return [{ type: 'mrz', lines, text, trusted, durationMs }];
    }
    return [{ type: 'burst', text, durationMs }];
  }
}
