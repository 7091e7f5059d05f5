/** Secondary inspection: the referred travellers waiting for a final decision. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrossingSummary } from '@borderpost/contract';
import { useClient, useErrorText } from '../app/services';
import { CrossingList } from '../components/CrossingList';

export function Secondary({ onOpen }: { onOpen: (crossingId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const id = useId();
  const [items, setItems] = useState<CrossingSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void client['secondary.queue']({}).then((result) => {
      if (result.ok) setItems(result.value);
      else setError(errorText(result.error));
    });
  }, [client, errorText]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1}>{t('secondary.queueTitle')}</h2>
      {error ? (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      ) : null}
      {items ? <CrossingList items={items} caption={t('secondary.queueTitle')} onOpen={onOpen} testId="secondary-list" /> : <p className="hint">{t('common.loading')}</p>}
    </section>
  );
}
