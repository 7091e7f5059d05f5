/**
 * Why an alert-list hit matched, said in the officer's language from the runtime's structured
 * reasons. Names stay as read (MRZ Latin), dates are formatted per locale (Intl);
 * the runtime's English sentence is shown only when it sent no reasons (an older runtime).
 */
import { useTranslation } from 'react-i18next';
import type { HitReason, Locale } from '@borderpost/contract';
import { useLocale } from '../app/services';
import { formatNumber, formatPartialDate } from '../i18n/format';

function describe(reason: HitReason, t: (key: string, values?: Record<string, unknown>) => string, locale: Locale): string {
  const date = (value: string | undefined) => (value === undefined ? '' : formatPartialDate(value, locale));
  switch (reason.kind) {
    case 'alias':
      return t('hits.reasons.alias', { index: formatNumber(reason.index, locale) });
    case 'name':
      if (reason.relation === 'spelling-variant' && reason.nameClass !== undefined)
        return t('hits.reasons.name.spelling-variant-of', { traveller: reason.travellerName, list: reason.listName, nameClass: reason.nameClass });
      return t(`hits.reasons.name.${reason.relation}`, { traveller: reason.travellerName, list: reason.listName });
    case 'name-unmatched':
      return t(`hits.reasons.nameUnmatched.${reason.side}`, { names: reason.names });
    case 'birth-date':
      return t(`hits.reasons.birthDate.${reason.relation}`, { traveller: date(reason.traveller), list: date(reason.list) });
    case 'sex':
      return t('hits.reasons.sex', { traveller: reason.traveller, list: reason.list });
    case 'nationality':
      return t(`hits.reasons.nationality.${reason.relation}`, { traveller: reason.traveller, list: reason.list.join('/') });
    case 'common-name':
      return t('hits.reasons.commonName');
    case 'document': {
      if (reason.relation === 'exact') return t('hits.reasons.document.exact', { state: reason.listState, number: reason.listNumber });
      const parts = [
        t('hits.reasons.document.possible', { travellerState: reason.travellerState, travellerNumber: reason.travellerNumber, listState: reason.listState, listNumber: reason.listNumber }),
        ...reason.differences.map((d) => t('hits.reasons.document.difference', { traveller: d.traveller, list: d.list, position: formatNumber(d.position, locale) })),
      ];
      if (reason.stateDiffers) parts.push(t('hits.reasons.document.stateDiffers', { traveller: reason.travellerState, list: reason.listState }));
      return parts.join(' · ');
    }
  }
}

export function HitReasons({ reasons, explanation }: { reasons: HitReason[] | undefined; explanation: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (reasons === undefined || reasons.length === 0) return <span dir="auto">{explanation}</span>;
  return (
    <ul className="hit-panel__reasons" data-testid="hit-reasons">
      {reasons.map((reason, index) => (
        <li key={index}>{describe(reason, t, locale)}</li>
      ))}
    </ul>
  );
}
