/**
 * i18next set-up: English, French and Arabic bundled (offline posts cannot fetch translations), one
 * `translation` namespace per language. `applyDocumentLocale` sets `lang` and `dir` on <html> so Arabic
 * lays out right to left (the CSS uses logical properties only).
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@borderpost/contract';
import en from './en.json';
import fr from './fr.json';
import ar from './ar.json';

export const LOCALES: Locale[] = ['en', 'fr', 'ar'];
export const resources = { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } } as const;

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'fr' || value === 'ar';
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** A fresh i18next instance (tests get their own; the app makes one at start). */
export function createI18n(locale: Locale = 'en'): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: false,
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

export function applyDocumentLocale(locale: Locale, doc: Document = document): void {
  doc.documentElement.lang = locale;
  doc.documentElement.dir = directionOf(locale);
}
