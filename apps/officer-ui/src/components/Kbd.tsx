/** A visible shortcut hint. The key names are symbols, not words, so they need no translation. */
import { SHORTCUTS, type ShortcutName } from '../app/shortcuts';

const SYMBOLS: Record<string, string> = { Control: 'Ctrl', Enter: '⏎' };

export function Kbd({ name }: { name: ShortcutName }) {
  const label = SHORTCUTS[name]
    .split('+')
    .map((part) => SYMBOLS[part] ?? part)
    .join('+');
  return (
    <kbd className="kbd" aria-hidden="true" dir="ltr">
      {label}
    </kbd>
  );
}
