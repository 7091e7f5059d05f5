/**
 * Emulated devices (FakeRuntime only): swipe a synthetic passport on the emulated reader, or cut the
 * link. Never shown against a real runtime.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMULATED_DOCUMENT_KINDS } from '../runtime/fake-data';
import type { FakeRuntime } from '../runtime/fake-runtime';

export function DevPanel({ runtime }: { runtime: FakeRuntime }) {
  const { t } = useTranslation();
  const [online, setOnline] = useState(true);
  const [readerPlugged, setReaderPlugged] = useState(true);
  return (
    <aside className="dev-panel" aria-label={t('dev.title')} data-testid="dev-panel">
      <strong>{t('dev.title')}</strong>
      {EMULATED_DOCUMENT_KINDS.map((kind) => (
        <button key={kind} type="button" className="button button--small button--quiet" onClick={() => runtime.swipe(kind)} data-swipe={kind}>
          {t(`dev.swipe.${kind}`)}
        </button>
      ))}
      <button
        type="button"
        className="button button--small button--quiet"
        aria-pressed={!online}
        onClick={() => {
          runtime.setOnline(!online);
          setOnline(!online);
        }}
      >
        {t(online ? 'dev.cutLink' : 'dev.restoreLink')}
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        aria-pressed={!readerPlugged}
        onClick={() => {
          runtime.setDeviceConnected('reader-cute', !readerPlugged);
          setReaderPlugged(!readerPlugged);
        }}
      >
        {t(readerPlugged ? 'dev.unplugReader' : 'dev.plugReader')}
      </button>
    </aside>
  );
}
