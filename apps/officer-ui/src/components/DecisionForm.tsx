/**
 * The decision: direction, outcome (admitted / refused with a reason / referred), purpose, destination,
 * transport and vehicle or flight, and for a minor the accompanying adult's crossing.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrossingSummary, DecisionOutcome, Direction, TravelPurpose, Transport } from '@borderpost/contract';

export interface DecisionValues {
  direction: Direction;
  outcome: DecisionOutcome | '';
  reasonCode: string;
  note: string;
  purpose: TravelPurpose;
  destination: string;
  transport: Transport;
  vehicleOrFlight: string;
  accompanyingCrossingId: string;
}

export const PURPOSES: TravelPurpose[] = ['tourism', 'business', 'transit', 'work', 'study', 'family', 'trade', 'other'];
export const TRANSPORTS: Transport[] = ['foot', 'car', 'bus', 'truck', 'air', 'boat', 'rail'];
const OUTCOMES: DecisionOutcome[] = ['admitted', 'refused', 'referred'];

/** The refusal reason: the post's configured codes, shown in the officer's language (the code when untranslated). */
export function RefusalReasonField({ id, value, reasonCodes, onChange }: { id: string; value: string; reasonCodes: string[]; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('decision.reason')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('decision.chooseReason')}</option>
        {reasonCodes.map((code) => (
          <option key={code} value={code}>
            {t(`refusalReasons.${code}`, { defaultValue: code })}
          </option>
        ))}
      </select>
    </div>
  );
}

export function initialDecision(direction: Direction): DecisionValues {
  return { direction, outcome: '', reasonCode: '', note: '', purpose: 'tourism', destination: '', transport: 'foot', vehicleOrFlight: '', accompanyingCrossingId: '' };
}

/** What still keeps the form from being saved, as translation keys. */
export function decisionProblems(values: DecisionValues, referralRequired: boolean): string[] {
  const problems: string[] = [];
  if (values.outcome === '') problems.push('decision.problems.outcome');
  if (values.outcome === 'refused' && values.reasonCode === '') problems.push('decision.problems.reason');
  if (referralRequired && values.outcome === 'admitted') problems.push('decision.problems.referral');
  return problems;
}

export interface DecisionFormProps {
  values: DecisionValues;
  onChange: (values: DecisionValues) => void;
  reasonCodes: string[];
  minor: boolean;
  adults: CrossingSummary[];
  firstFieldRef?: React.Ref<HTMLInputElement>;
}

export function DecisionForm({ values, onChange, reasonCodes, minor, adults, firstFieldRef }: DecisionFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => onChange({ ...values, [key]: value });
  const vehicleKind = values.transport === 'air' ? 'flight' : values.transport === 'foot' ? null : 'vehicle';
  return (
    <div className="decision">
      <fieldset className="radio-row">
        <legend>{t('decision.direction')}</legend>
        {(['entry', 'exit'] as Direction[]).map((direction, index) => (
          <label key={direction}>
            <input ref={index === 0 ? firstFieldRef : undefined} type="radio" name={`${id}-direction`} value={direction} checked={values.direction === direction} onChange={() => set('direction', direction)} />
            {t(`direction.${direction}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="radio-row">
        <legend>{t('decision.outcome')}</legend>
        {OUTCOMES.map((outcome) => (
          <label key={outcome} className={`outcome outcome--${outcome}`}>
            <input type="radio" name={`${id}-outcome`} value={outcome} checked={values.outcome === outcome} onChange={() => set('outcome', outcome)} data-testid={`outcome-${outcome}`} />
            {t(`outcomes.${outcome}`)}
          </label>
        ))}
      </fieldset>
      {values.outcome === 'refused' ? <RefusalReasonField id={`${id}-reason`} value={values.reasonCode} reasonCodes={reasonCodes} onChange={(code) => set('reasonCode', code)} /> : null}
      <div className="grid-fields">
        <div className="field">
          <label htmlFor={`${id}-purpose`}>{t('decision.purpose')}</label>
          <select id={`${id}-purpose`} value={values.purpose} onChange={(event) => set('purpose', event.target.value as TravelPurpose)}>
            {PURPOSES.map((purpose) => (
              <option key={purpose} value={purpose}>
                {t(`purposes.${purpose}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-destination`}>{t('decision.destination')}</label>
          <input id={`${id}-destination`} value={values.destination} onChange={(event) => set('destination', event.target.value)} autoComplete="off" dir="auto" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-transport`}>{t('decision.transport')}</label>
          <select id={`${id}-transport`} value={values.transport} onChange={(event) => set('transport', event.target.value as Transport)}>
            {TRANSPORTS.map((transport) => (
              <option key={transport} value={transport}>
                {t(`transports.${transport}`)}
              </option>
            ))}
          </select>
        </div>
        {vehicleKind ? (
          <div className="field">
            <label htmlFor={`${id}-vehicle`}>{t(vehicleKind === 'flight' ? 'decision.flight' : 'decision.vehicle')}</label>
            <input id={`${id}-vehicle`} value={values.vehicleOrFlight} onChange={(event) => set('vehicleOrFlight', event.target.value)} autoComplete="off" dir="ltr" />
          </div>
        ) : null}
        {minor ? (
          <div className="field">
            <label htmlFor={`${id}-adult`}>{t('decision.accompanyingAdult')}</label>
            <select id={`${id}-adult`} value={values.accompanyingCrossingId} onChange={(event) => set('accompanyingCrossingId', event.target.value)}>
              <option value="">{t('decision.noAdult')}</option>
              {adults.map((adult) => (
                <option key={adult.crossingId} value={adult.crossingId}>
                  {`${adult.surname} ${adult.givenNames} · ${adult.documentNumber}`}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('decision.note')}</label>
        <textarea id={`${id}-note`} value={values.note} onChange={(event) => set('note', event.target.value)} rows={2} dir="auto" />
      </div>
    </div>
  );
}
