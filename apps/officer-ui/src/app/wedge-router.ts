/**
 * Keyboard-wedge readers type the MRZ into whatever has focus. This router sits in front of every field
 * (window keydown, capture phase) and feeds each key to the devices package's KeystrokeBurstDetector:
 * a burst shaped like an MRZ goes to the workflow (`onMrz`), never into the focused field; what a person
 * typed is given back to the field once the detector has seen the gap after it, and so is a fast burst
 * that is not an MRZ (a barcode): only MRZ-shaped bursts are taken away from the field.
 */
import { useEffect, useRef } from 'react';
import { KeystrokeBurstDetector, looksLikeMrz, type BurstOutcome } from '@borderpost/devices/browser';
import { parseMrz } from '@borderpost/mrz';

export interface WedgeRouterCallbacks {
  /** `lastKeyAt`: the reader's last keystroke, on the `performance.now()` clock (for latency figures). */
  onMrz: (lines: string[], trusted: boolean, lastKeyAt: number) => void;
  /**
   * A fast burst that is not shaped like an MRZ (a barcode, a typing tool): it goes into the focused
   * field as typed text, then this is called so the UI may say so.
   */
  onOtherBurst?: (text: string) => void;
}

function isTextField(element: Element | null): element is HTMLInputElement | HTMLTextAreaElement {
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  if (!(element instanceof HTMLInputElement)) return false;
  return ['text', 'search', 'password', 'email', 'tel', 'url', 'number', ''].includes(element.type) && !element.readOnly && !element.disabled;
}

/**
 * Puts released text into the field that had focus when it was typed, the way typing would (React sees
 * an input event).
 */
export function insertIntoFocused(text: string, target: Element | null): void {
  if (isTextField(target)) {
    const value = text.replace(/\n/g, target instanceof HTMLTextAreaElement ? '\n' : '');
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    const next = target.value.slice(0, start) + value + target.value.slice(end);
    // React tracks the value through the prototype's setter; setting it there makes onChange fire.
    const proto = target instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(target, next);
    try {
      target.setSelectionRange(start + value.length, start + value.length);
    } catch {
      // number inputs have no selection
    }
    target.dispatchEvent(new Event('input', { bubbles: true }));
    return;
  }
  // A held Space on a button, checkbox or radio still activates it.
  if (text === ' ' && target instanceof HTMLElement && target.matches('button, [role="button"], input[type="checkbox"], input[type="radio"], summary')) target.click();
}

export function useWedgeRouter(callbacks: WedgeRouterCallbacks, enabled = true): void {
  const current = useRef(callbacks);
  current.current = callbacks;
  useEffect(() => {
    if (!enabled) return;
    const validate = (lines: string[]) => parseMrz(lines.join('\n'), { repair: false }).valid;
    const detector = new KeystrokeBurstDetector({ validate });
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Where the held keys were typed: released text goes back there even if focus has moved since.
    let heldTarget: Element | null = null;
    let lastKeyAt = 0;
    // A copy of what is held, to end a burst at once when it already is a whole, valid MRZ.
    let held = '';
    const handle = (outcomes: BurstOutcome[]) => {
      if (outcomes.length > 0) held = '';
      for (const outcome of outcomes) {
        if (outcome.type === 'release') insertIntoFocused(outcome.text, heldTarget);
        else if (outcome.type === 'mrz') current.current.onMrz(outcome.lines, outcome.trusted, lastKeyAt);
        else {
          insertIntoFocused(outcome.text, heldTarget);
          current.current.onOtherBurst?.(outcome.text);
        }
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.isComposing) return;
      // Space on a button, radio or checkbox is a person acting on a control: no reader starts an MRZ with it.
      if (!detector.holding && event.key === ' ' && !isTextField(document.activeElement)) return;
      const wasHolding = detector.holding;
      const decision = detector.key(event.key, event.timeStamp, { ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey });
      handle(decision.outcomes);
      if (!wasHolding || decision.outcomes.length > 0) heldTarget = document.activeElement;
      if (decision.action === 'hold') {
        lastKeyAt = event.timeStamp;
        event.preventDefault();
        event.stopImmediatePropagation();
        held += event.key === 'Enter' ? '\n' : event.key;
        // The reader's final Enter after the last line: no need to wait for the gap (saves ~60 ms per swipe).
        if (event.key === 'Enter') {
          const lines = held.split('\n').filter((line) => line.length > 0);
          if (looksLikeMrz(lines) && validate(lines)) handle(detector.flush(Number.POSITIVE_INFINITY));
        }
      }
      if (timer) clearTimeout(timer);
      if (detector.holding) {
        const scheduledAt = event.timeStamp;
        // 60 ms: just past the detector's 50 ms gap, measured on the same clock as the keys.
        timer = setTimeout(() => handle(detector.flush(scheduledAt + 60)), 60);
      }
    };
    // Focus moving (Tab, a click, a shortcut) ends what was held: it belongs to the field it was typed in.
    const onFocusMove = () => {
      held = '';
      if (detector.holding) handle(detector.flush(Number.POSITIVE_INFINITY));
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('focusin', onFocusMove, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('focusin', onFocusMove, true);
      if (timer) clearTimeout(timer);
    };
  }, [enabled]);
}
