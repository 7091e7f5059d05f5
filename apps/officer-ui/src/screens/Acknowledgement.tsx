/**
 * The printable acknowledgement of a crossing in the officer's language (refusals in particular). The
 * print stylesheet hides everything but `.print-slip`.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AcknowledgementSlip } from '@borderpost/contract';
import { useClient, useErrorText, useLocale } from '../app/services';
import { formatDateTime } from '../i18n/format';

export function Acknowledgement({ crossingId, onBack }: { crossingId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const locale = useLocale();
  const [slip, setSlip] = useState<AcknowledgementSlip | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void client['crossing.acknowledgement']({ crossingId, locale }).then((result) => {
      if (result.ok) setSlip(result.value);
      else setError(errorText(result.error));
    });
  }, [client, crossingId, errorText, locale]);
  return (
    <section className="panel">
      <div className="row no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()} disabled={!slip} autoFocus>
          {t('ack.print')}
        </button>
        <button type="button" className="button button--quiet" onClick={onBack}>
          {t('common.back')}
        </button>
      </div>
      {error ? (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      ) : null}
      {slip ? (
        <article className="print-slip" lang={slip.locale} dir={slip.locale === 'ar' ? 'rtl' : 'ltr'} data-testid="ack-slip">
          <h2>{slip.title}</h2>
          <table>
            <tbody>
              {slip.lines.map((line) => (
                <tr key={line.label}>
                  <th scope="row">{line.label}</th>
                  <td dir="auto">{line.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="print-slip__issued">{t('ack.issued', { at: formatDateTime(slip.issuedAt, locale) })}</p>
          <p className="print-slip__signature">{t('ack.signature')}</p>
        </article>
      ) : null}
    </section>
  );
}
