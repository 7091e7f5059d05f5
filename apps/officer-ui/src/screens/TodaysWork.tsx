/** Today's work: the crossings of this shift, searchable; a record opens from here. */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrossingSummary } from '@borderpost/contract';
import { useClient, useErrorText } from '../app/services';
import { CrossingList } from '../components/CrossingList';
import { SHORTCUTS, useShortcuts } from '../app/shortcuts';
import { Kbd } from '../components/Kbd';

export function TodaysWork({ onOpen }: { onOpen: (crossingId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const id = useId();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CrossingSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcuts({ search: () => searchRef.current?.focus() });
  useEffect(() => {
    let cancelled = false;
    void client['work.today']({ query, limit: 100 }).then((result) => {
      if (cancelled) return;
      if (result.ok) setItems(result.value.items);
      else setError(errorText(result.error));
    });
    return () => {
      cancelled = true;
    };
  }, [client, errorText, query]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1}>{t('today.title')}</h2>
      <div className="field field--inline">
        <label htmlFor={`${id}-search`}>
          {t('today.search')} <Kbd name="search" />
        </label>
        <input ref={searchRef} id={`${id}-search`} type="search" value={query} onChange={(event) => setQuery(event.target.value)} aria-keyshortcuts={SHORTCUTS.search} autoFocus data-testid="today-search" />
      </div>
      {error ? (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      ) : null}
      <CrossingList items={items} caption={t('today.title')} onOpen={onOpen} testId="today-list" />
    </section>
  );
}
