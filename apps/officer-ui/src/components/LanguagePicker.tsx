/** The language switch (sign-in and header). Language names are written in their own language. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@borderpost/contract';
import { LOCALES, isLocale } from '../i18n';
import { useLocale } from '../app/services';

export function LanguagePicker({ onChange, compact = false }: { onChange: (locale: Locale) => void; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  return (
    <div className={compact ? 'language language--compact' : 'language'}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) onChange(event.target.value);
        }}
        data-testid="language-picker"
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.names.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
