import type { AcknowledgementSlip, CrossingView, Locale } from '@borderpost/contract';

/**
 * The printable acknowledgement of a crossing (refusals in particular) in the officer's language. The
 * runtime carries its own short table (the UI's i18n bundle lives in the renderer); values are formatted
 * with Intl for the locale. Refusal reason codes are shown as codes plus their words where known.
 */
const LABELS: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Acknowledgement of border crossing', crossing: 'Record', traveller: 'Traveller', document: 'Document', nationality: 'Nationality',
    birthDate: 'Date of birth', at: 'Date and time', direction: 'Direction', outcome: 'Decision', reason: 'Reason', purpose: 'Purpose',
    entry: 'Entry', exit: 'Exit', admitted: 'Admitted', refused: 'Refused entry', referred: 'Referred to secondary inspection',
  },
  fr: {
    title: 'Accusé de passage de la frontière', crossing: 'Dossier', traveller: 'Voyageur', document: 'Document', nationality: 'Nationalité',
    birthDate: 'Date de naissance', at: 'Date et heure', direction: 'Sens', outcome: 'Décision', reason: 'Motif', purpose: 'Motif du voyage',
    entry: 'Entrée', exit: 'Sortie', admitted: 'Admis', refused: 'Entrée refusée', referred: 'Orienté vers le contrôle approfondi',
  },
  ar: {
    title: 'إشعار عبور الحدود', crossing: 'السجل', traveller: 'المسافر', document: 'الوثيقة', nationality: 'الجنسية',
    birthDate: 'تاريخ الميلاد', at: 'التاريخ والوقت', direction: 'الاتجاه', outcome: 'القرار', reason: 'السبب', purpose: 'غرض السفر',
    entry: 'دخول', exit: 'خروج', admitted: 'مقبول', refused: 'رفض الدخول', referred: 'أحيل إلى التفتيش الثانوي',
  },
};

export function acknowledgementSlip(view: CrossingView, locale: Locale, now: Date): AcknowledgementSlip {
  const language: Locale = locale in LABELS ? locale : 'en';
  const l = LABELS[language];
  const { summary, document, decision, travel } = view;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' });
  const birth = /^\d{4}-\d\d-\d\d$/.test(document.fields.birthDate) ? date.format(new Date(`${document.fields.birthDate}T00:00:00Z`)) : document.fields.birthDate;
  const lines = [
    { label: l.crossing!, value: summary.crossingId },
    { label: l.traveller!, value: `${summary.surname}, ${summary.givenNames}` },
    { label: l.document!, value: `${document.fields.issuingState} ${document.fields.documentNumber}` },
    { label: l.nationality!, value: document.fields.nationality },
    { label: l.birthDate!, value: birth },
    { label: l.at!, value: dateTime.format(new Date(summary.at)) },
    { label: l.direction!, value: l[summary.direction]! },
    { label: l.outcome!, value: l[decision.outcome]! },
    ...(decision.outcome === 'refused' && decision.reasonCode ? [{ label: l.reason!, value: decision.reasonCode }] : []),
    { label: l.purpose!, value: travel.purpose },
  ];
  return { crossingId: summary.crossingId, locale: language, title: l.title!, lines, issuedAt: now.toISOString() };
}
