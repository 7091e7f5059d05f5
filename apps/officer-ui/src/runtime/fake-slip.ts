/**
 * The acknowledgement slip as the runtime will produce it: labels and values in the officer's language.
 * The fake borrows the UI's own translations; the real runtime carries its own.
 */
import type { AcknowledgementSlip, CrossingView, Locale } from '@borderpost/contract';
import { createI18n } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';

export function slipFor(view: CrossingView, locale: Locale, now: Date): AcknowledgementSlip {
  const t = createI18n(locale).t;
  const { summary, document, decision, travel } = view;
  const lines = [
    { label: t('ack.crossing'), value: summary.crossingId },
    { label: t('crossings.traveller'), value: `${summary.surname}, ${summary.givenNames}` },
    { label: t('fields.documentNumber'), value: `${document.fields.issuingState} ${document.fields.documentNumber}` },
    { label: t('fields.nationality'), value: document.fields.nationality },
    { label: t('fields.birthDate'), value: formatDate(document.fields.birthDate, locale) },
    { label: t('crossings.when'), value: formatDateTime(summary.at, locale) },
    { label: t('decision.direction'), value: t(`direction.${summary.direction}`) },
    { label: t('decision.outcome'), value: t(`outcomes.${decision.outcome}`) },
    ...(decision.outcome === 'refused' && decision.reasonCode ? [{ label: t('decision.reason'), value: t(`refusalReasons.${decision.reasonCode}`) }] : []),
    { label: t('decision.purpose'), value: t(`purposes.${travel.purpose}`) },
  ];
  return { crossingId: summary.crossingId, locale, title: t('ack.title'), lines, issuedAt: now.toISOString() };
}
