import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
];
/** Read by i18n.ts at start. */
const KEY = 'borderpost.console.language';

/**
 * The console language, chosen in the header (a supervisor on a borrowed or English-only machine is not
 * stuck with the browser's language); kept in localStorage, which i18n.ts reads at start. `<html lang>` follows,
 * so screen readers and the browser's own controls speak the same language as the page.
 */
export function LanguagePicker() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  return (
    <select
      aria-label="Language / Langue"
      className="language"
      value={i18n.language}
      data-testid="language"
      onChange={(e) => {
        localStorage.setItem(KEY, e.target.value);
        void i18n.changeLanguage(e.target.value);
      }}
    >
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
