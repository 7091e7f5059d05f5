/** A table of crossings (earlier crossings, today's work, the secondary queue). */
import { useTranslation } from 'react-i18next';
import type { CrossingSummary } from '@borderpost/contract';
import { useLocale } from '../app/services';
import { formatDateTime } from '../i18n/format';

export function CrossingList({ items, caption, onOpen, testId }: { items: CrossingSummary[]; caption: string; onOpen?: (crossingId: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (items.length === 0) return <p className="hint">{t('crossings.none')}</p>;
  return (
    <table className="crossings" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('crossings.when')}</th>
          <th scope="col">{t('crossings.traveller')}</th>
          <th scope="col">{t('fields.documentNumber')}</th>
          <th scope="col">{t('decision.direction')}</th>
          <th scope="col">{t('decision.outcome')}</th>
          <th scope="col">{t('crossings.hits')}</th>
          <th scope="col">{t('crossings.synced')}</th>
          {onOpen ? <th scope="col">{t('crossings.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.crossingId}>
            <td>{formatDateTime(item.at, locale)}</td>
            <td>{`${item.surname}, ${item.givenNames}`}</td>
            <td dir="ltr">{`${item.issuingState} ${item.documentNumber}`}</td>
            <td>{t(`direction.${item.direction}`)}</td>
            <td>
              <span className={`badge badge--${item.outcome}`}>{t(`outcomes.${item.outcome}`)}</span>
            </td>
            <td>{item.hits > 0 ? t('crossings.hitCount', { count: item.hits }) : t('crossings.noHits')}</td>
            <td>{item.synced ? t('crossings.yes') : t('crossings.no')}</td>
            {onOpen ? (
              <td>
                <button type="button" className="button button--small" onClick={() => onOpen(item.crossingId)} aria-label={t('crossings.openFor', { name: `${item.surname} ${item.givenNames}` })}>
                  {t('crossings.open')}
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
