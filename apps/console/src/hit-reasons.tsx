/**
 * Why an alert hit matched, said in the console's language from the matcher's reasons as data
 * (stored on the crossing's hit; the same shape as the officer UI's HitReason). Names stay as read
 * (MRZ Latin); dates are formatted per language with Intl. A crossing recorded before reasons existed,
 * or one carrying a kind this console does not know (a newer matcher), shows the English explanation.
 */
import type { KnownHitReason } from '@borderpost/schemas';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

// The kinds this console can say (types only from @borderpost/schemas: the bundle stays free of Ajv/TypeBox).
const KNOWN_KINDS: readonly string[] = ['alias', 'name', 'name-unmatched', 'birth-date', 'sex', 'nationality', 'common-name', 'document'] satisfies KnownHitReason['kind'][];

const INTL_LOCALE: Record<string, string> = { en: 'en-GB', fr: 'fr-FR' };

/** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' in the language's words, in UTC so a date never shifts by a day. */
export function formatListDate(value: string | undefined, language: string): string {
  if (value === undefined) return '';
  const locale = INTL_LOCALE[language] ?? 'en-GB';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(value)) return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
  return value;
}

function isKnown(reason: unknown): reason is KnownHitReason {
  return typeof reason === 'object' && reason !== null && KNOWN_KINDS.includes((reason as { kind?: unknown }).kind as string);
}

export function describeReason(reason: KnownHitReason, t: TFunction, language: string): string {
  const date = (value: string | undefined) => formatListDate(value, language);
  const number = (value: number) => new Intl.NumberFormat(INTL_LOCALE[language] ?? 'en-GB').format(value);
  switch (reason.kind) {
    case 'alias':
      return t('hitReasons.alias', { index: number(reason.index) });
    case 'name':
      if (reason.relation === 'spelling-variant' && reason.nameClass !== undefined) return t('hitReasons.name.spelling-variant-of', { traveller: reason.travellerName, list: reason.listName, nameClass: reason.nameClass });
      return t(`hitReasons.name.${reason.relation}`, { traveller: reason.travellerName, list: reason.listName });
    case 'name-unmatched':
      return t(`hitReasons.nameUnmatched.${reason.side}`, { names: reason.names });
    case 'birth-date':
      return t(`hitReasons.birthDate.${reason.relation}`, { traveller: date(reason.traveller), list: date(reason.list) });
    case 'sex':
      return t('hitReasons.sex', { traveller: reason.traveller, list: reason.list });
    case 'nationality':
      return t(`hitReasons.nationality.${reason.relation}`, { traveller: reason.traveller, list: reason.list.join('/') });
    case 'common-name':
      return t('hitReasons.commonName');
    case 'document': {
      if (reason.relation === 'exact') return t('hitReasons.document.exact', { state: reason.listState, number: reason.listNumber });
      const parts = [
        t('hitReasons.document.possible', { travellerState: reason.travellerState, travellerNumber: reason.travellerNumber, listState: reason.listState, listNumber: reason.listNumber }),
        ...reason.differences.map((d) => t('hitReasons.document.difference', { traveller: d.traveller, list: d.list, position: number(d.position) })),
      ];
      if (reason.stateDiffers) parts.push(t('hitReasons.document.stateDiffers', { traveller: reason.travellerState, list: reason.listState }));
      return parts.join(' · ');
    }
  }
}

export function HitReasons({ reasons, explanation }: { reasons: unknown[] | null | undefined; explanation: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!reasons || reasons.length === 0 || !reasons.every(isKnown)) {
    return (
      <span className="hit-explanation" data-testid="hit-explanation" lang="en" title={t('hitReasons.englishOnly')}>
        {explanation ?? '—'}
      </span>
    );
  }
  return (
    <ul className="hit-reasons" data-testid="hit-reasons">
      {reasons.map((reason, index) => (
        <li key={index}>{describeReason(reason, t, i18n.language)}</li>
      ))}
    </ul>
  );
}
