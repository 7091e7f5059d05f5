/**
 * Keyboard shortcuts: one table, so the hints on screen (`<Kbd>`), `aria-keyshortcuts` and the handler
 * agree. Alt+letter chords pass through the wedge burst detector untouched (modifiers), and F-keys are
 * never typed by a reader.
 */
import { useEffect, useRef } from 'react';

export const SHORTCUTS = {
  traveller: 'F2',
  today: 'F3',
  secondary: 'F4',
  devices: 'F6',
  syncNow: 'Alt+S',
  language: 'Alt+L',
  manualMrz: 'Alt+M',
  manualFields: 'Alt+K',
  captureFinger: 'Alt+F',
  photo: 'Alt+P',
  decision: 'Alt+D',
  save: 'Control+Enter',
  newTraveller: 'Alt+N',
  print: 'Alt+R',
  search: 'Alt+Q',
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;

export function matchesShortcut(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>, shortcut: string): boolean {
  const parts = shortcut.split('+');
  const key = parts[parts.length - 1]!;
  const wantAlt = parts.includes('Alt');
  const wantCtrl = parts.includes('Control');
  if (event.altKey !== wantAlt || event.ctrlKey !== wantCtrl || event.metaKey) return false;
  if (key.length === 1) {
    // Alt+letter: `key` may be a special character on some layouts (macOS, AZERTY); `code` is the position.
    return event.key.toUpperCase() === key || event.code === `Key${key}`;
  }
  return event.key === key;
}

/** Calls the handlers of the shortcuts pressed while the component is mounted. */
export function useShortcuts(handlers: Partial<Record<ShortcutName, () => void>>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      for (const [name, handler] of Object.entries(current.current)) {
        if (handler && matchesShortcut(event, SHORTCUTS[name as ShortcutName])) {
          event.preventDefault();
          handler();
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
