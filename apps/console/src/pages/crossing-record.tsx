import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorText } from '../components';
import { useFormat } from '../format';
import { HitReasons } from '../hit-reasons';
import { stepDurations } from './record-logic';

interface Correction {
  field: string;
  position: number;
  from: string;
  to: string;
}
interface Decision {
  outcome: string;
  reasonCode?: string;
  note?: string;
  at: string;
  officerId?: string;
}
/** The crossing as the post wrote it (packages/schemas CrossingSchema), with the optional extras posts add. */
interface Crossing {
  postId: string;
  stationId: string;
  officerId: string;
  direction: string;
  document: { format: string; documentCode: string; issuingState: string; documentNumber: string; expiryDate: string; mrzLines: string[]; checks: Record<string, boolean>; valid: boolean; corrections: Correction[]; confirmedCorrections: Correction[]; source: string };
  traveller: { surname: string; givenNames: string; birthDate: string; sex: string; nationality: string };
  biometrics: { fingers: { position: string; quality?: number; missingReason?: string; attachment?: string }[]; face: { present: boolean; attachment?: string } };
  checks: {
    hits: { listId: string; listVersion: number; entryId: string; score: number; explanation: string; reasons?: unknown[]; acknowledgement?: { officerId: string; at: string; outcome: string; note?: string } }[];
    riskFlags: { profileId: string; reason: string }[];
    listVersions: Record<string, number>;
  };
  decision: Decision;
  /** After secondary inspection (runtime `secondary.decide`). */
  final?: Decision;
  travel?: { purpose?: string; destination?: string; transport?: string; vehicle?: string; flight?: string; visaType?: string };
  timings: Record<string, string | undefined>;
  clock?: { serverOffsetMs: number | null };
}
interface RecordResponse {
  crossing: Crossing;
  attachments: { name: string; url: string; contentType: string }[];
  hitReviews: Record<string, { decision: string; note: string; decidedBy: string; decidedAt: string }>;
}

const same = (a: Correction, b: Correction) => a.field === b.field && a.position === b.position && a.from === b.from && a.to === b.to;

/**
 * A crossing's full record for a supervisor: traveller, document with the MRZ as read, its check digits
 * and the OCR corrections (and whether the officer confirmed each), images, alert hits with the officer's
 * acknowledgement and the supervisors' review, risk flags, the decision and the final one after secondary
 * inspection, travel details and how long each step took. Escape closes it.
 */
export function CrossingRecord({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [record, setRecord] = useState<RecordResponse | null>(null);
  const [error, setError] = useState('');
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let current = true;
    setRecord(null);
    setError('');
    api<RecordResponse>('GET', `/crossings/${encodeURIComponent(id)}`).then(
      (r) => current && setRecord(r),
      (e) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [id]);
  // Closing gives the focus back to what opened the record (the row's name), so a keyboard user keeps their place;
  // read before the close button takes the focus below.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => opener?.focus();
  }, []);
  useEffect(() => close.current?.focus(), [id]);
  const value = (group: string, key: string | undefined) => (key ? t(`values.${group}.${key}`, { defaultValue: key }) : '—');
  const outcome = (key: string) => t(`values.${key}`, { defaultValue: key });

  const c = record?.crossing;
  const face = record?.attachments.find((a) => a.name === 'face.jpg');
  const failedChecks = c ? Object.entries(c.document.checks).filter(([, ok]) => !ok).map(([name]) => name) : [];
  const steps = c ? stepDurations(c.timings) : [];
  return (
    <aside className="record" data-testid="crossing-record" aria-label={t('crossings.record')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h3>{t('crossings.record')}</h3>
        <button ref={close} onClick={onClose}>
          {t('crossings.close')}
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      {!c && !error && <p className="empty">{t('record.loading')}</p>}
      {c && record && (
        <>
          {face ? <img src={face.url} alt={t('record.face')} width={120} /> : <p className="warn">{t('record.noFace')}</p>}
          <h4>{t('record.traveller')}</h4>
          <dl>
            <dt>{t('crossings.name')}</dt>
            <dd data-testid="record-name">{`${c.traveller.surname}, ${c.traveller.givenNames}`}</dd>
            <dt>{t('record.born')}</dt>
            <dd>{format.day(c.traveller.birthDate)}</dd>
            <dt>{t('record.sex')}</dt>
            <dd>{c.traveller.sex}</dd>
            <dt>{t('crossings.nationality')}</dt>
            <dd>{c.traveller.nationality}</dd>
          </dl>

          <h4>{t('record.decision')}</h4>
          <dl data-testid="record-decision">
            <dt>{t('crossings.direction')}</dt>
            <dd>{outcome(c.direction)}</dd>
            <dt>{t('crossings.outcome')}</dt>
            <dd>
              <strong>{outcome(c.decision.outcome)}</strong>
              {c.decision.reasonCode ? ` · ${c.decision.reasonCode}` : ''} · {format.time(c.decision.at)}
              {c.decision.note && <div className="meta">{c.decision.note}</div>}
            </dd>
            {(c.final || c.decision.outcome === 'referred') && (
              <>
                <dt>{t('record.final')}</dt>
                <dd data-testid="record-final">
                  {c.final ? (
                    <>
                      <strong>{outcome(c.final.outcome)}</strong>
                      {c.final.reasonCode ? ` · ${c.final.reasonCode}` : ''} · {format.time(c.final.at)}
                      {c.final.officerId ? ` · ${c.final.officerId}` : ''}
                      {c.final.note && <div className="meta">{c.final.note}</div>}
                    </>
                  ) : (
                    <span className="warn">{t('record.finalPending')}</span>
                  )}
                </dd>
              </>
            )}
            <dt>{t('crossings.officer')}</dt>
            <dd>{c.officerId}</dd>
            <dt>{t('crossings.post')}</dt>
            <dd>{`${c.postId} · ${c.stationId}`}</dd>
          </dl>

          <h4>{t('record.checks')}</h4>
          <dl>
            <dt>{t('hitReasons.hits')}</dt>
            <dd data-testid="record-hits">
              {c.checks.hits.map((h, i) => {
                const review = record.hitReviews[`${id}#${i}`];
                return (
                  <div key={i} className="record-hit">
                    <strong>{`${h.listId}/${h.entryId}`}</strong> <span className="meta">{t('record.hitScore', { score: format.percent(h.score) })}</span>
                    <HitReasons reasons={h.reasons} explanation={h.explanation} />
                    {h.acknowledgement && <div className="meta">{t('record.acknowledged', { outcome: outcome(h.acknowledgement.outcome), officer: h.acknowledgement.officerId, at: format.time(h.acknowledgement.at) })}{h.acknowledgement.note ? ` — ${h.acknowledgement.note}` : ''}</div>}
                    <div className="meta">{review ? t('record.reviewed', { decision: outcome(review.decision), by: review.decidedBy, at: format.time(review.decidedAt), note: review.note }) : t('record.notReviewed')}</div>
                  </div>
                );
              })}
              {c.checks.hits.length === 0 && t('record.none')}
            </dd>
            <dt>{t('record.riskFlags')}</dt>
            <dd data-testid="record-flags">
              {c.checks.riskFlags.length === 0 ? t('record.none') : <ul>{c.checks.riskFlags.map((f) => <li key={f.profileId}><strong>{f.profileId}</strong>: {f.reason}</li>)}</ul>}
            </dd>
            <dt>{t('record.listVersions')}</dt>
            <dd>{Object.entries(c.checks.listVersions).map(([list, version]) => `${list} v${version}`).join(', ') || '—'}</dd>
          </dl>

          <h4>{t('crossings.document')}</h4>
          <dl>
            <dt>{t('crossings.document')}</dt>
            <dd>{`${c.document.issuingState} ${c.document.documentNumber} (${c.document.format}, ${c.document.documentCode})`}</dd>
            <dt>{t('record.expires')}</dt>
            <dd className={c.document.expiryDate < c.decision.at.slice(0, 10) ? 'warn' : ''} data-testid="record-expiry">
              {format.day(c.document.expiryDate)}
              {c.document.expiryDate < c.decision.at.slice(0, 10) && ` — ${t('record.expiredAtCrossing')}`}
            </dd>
            <dt>{t('record.source')}</dt>
            <dd className={c.document.source === 'manual' ? 'warn' : ''}>{t(`record.sources.${c.document.source}`, { defaultValue: c.document.source })}</dd>
            <dt>{t('record.checkDigits')}</dt>
            <dd data-testid="record-check-digits" className={c.document.valid ? 'ok' : 'warn'}>
              {c.document.valid && failedChecks.length === 0
                ? `✓ ${t('record.checksOk', { count: Object.keys(c.document.checks).length })}`
                : `✗ ${t('record.checksFailed', { fields: failedChecks.map((name) => t(`record.checkNames.${name}`, { defaultValue: name })).join(', ') || '—' })}`}
            </dd>
          </dl>
          <pre data-testid="record-mrz" aria-label={t('record.mrz')}>{c.document.mrzLines.join('\n')}</pre>
          <div data-testid="record-corrections">
            <strong>{t('record.corrections')}</strong>{' '}
            {c.document.corrections.length === 0 ? (
              t('record.noCorrections')
            ) : (
              <ul>
                {c.document.corrections.map((k, i) => {
                  const confirmed = c.document.confirmedCorrections.some((o) => same(o, k));
                  return (
                    <li key={i} className={confirmed ? '' : 'warn'}>
                      {t('record.correction', { field: t(`record.checkNames.${k.field}`, { defaultValue: k.field }), position: k.position + 1, from: k.from, to: k.to })} —{' '}
                      {confirmed ? t('record.confirmed') : t('record.notConfirmed')}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>

          <h4>{t('record.steps')}</h4>
          <table data-testid="record-steps">
            <tbody>
              {steps.map((s) => (
                <tr key={s.step} className={s.seconds !== null && s.seconds < 0 ? 'warn' : ''}>
                  <th scope="row">{t(`record.step.${s.step}`)}</th>
                  <td className="number">{s.seconds === null ? t('record.notTimed') : `${format.seconds(s.seconds)} s`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.clock && c.clock.serverOffsetMs !== null && <p className="meta">{t('record.clock', { seconds: format.offset(c.clock.serverOffsetMs / 1000) })}</p>}

          <h4>{t('record.travel')}</h4>
          <dl data-testid="record-travel">
            <dt>{t('record.purpose')}</dt>
            <dd>{value('purpose', c.travel?.purpose)}</dd>
            <dt>{t('record.transport')}</dt>
            <dd>{[value('transport', c.travel?.transport), c.travel?.vehicle, c.travel?.flight].filter(Boolean).join(' · ')}</dd>
            <dt>{t('record.destination')}</dt>
            <dd>{c.travel?.destination ?? '—'}</dd>
            {c.travel?.visaType && (
              <>
                <dt>{t('record.visaType')}</dt>
                <dd>{c.travel.visaType}</dd>
              </>
            )}
          </dl>

          <h4>{t('record.fingers')}</h4>
          <div className="fingers">
            {c.biometrics.fingers.map((f) => {
              const image = f.attachment ? record.attachments.find((a) => a.name === f.attachment) : undefined;
              const label = `${f.position}${f.quality !== undefined ? ` · ${t('record.quality', { quality: f.quality })}` : ''}${f.missingReason ? ` · ${f.missingReason}` : ''}`;
              return image ? <img key={f.position} src={image.url} alt={label} title={label} width={60} /> : <span key={f.position} className="warn" title={label}>{label} </span>;
            })}
            {c.biometrics.fingers.length === 0 && t('record.none')}
          </div>
        </>
      )}
    </aside>
  );
}
