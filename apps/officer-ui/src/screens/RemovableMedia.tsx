/**
 * Removable media for a post without a link (technicians): write what central has not received to a
 * bundle file on a USB stick, and read central's reference bundle (users, lists, merges) back. The runtime
 * signs, encrypts and checks the bundles; this panel only names the files and says what happened.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useErrorText, useLocale } from '../app/services';
import { formatNumber } from '../i18n/format';

export function RemovableMedia() {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const [exportPath, setExportPath] = useState('');
  const [importPath, setImportPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (action: () => Promise<{ ok: boolean; text: string }>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await action());
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="removable-media">
      <h3 id={`${id}-title`}>{t('media.title')}</h3>
      <p className="hint">{t('media.hint')}</p>
      <form
        className="row row--field"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await client['sync.exportBundle']({ path: exportPath.trim() });
            return result.ok
              ? { ok: true, text: t('media.exported', { count: result.value.documents, formatted: formatNumber(result.value.documents, locale), kb: formatNumber(Math.ceil(result.value.bytes / 1024), locale), path: result.value.path }) }
              : { ok: false, text: errorText(result.error) };
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-export`}>{t('media.exportPath')}</label>
          <input id={`${id}-export`} value={exportPath} onChange={(event) => setExportPath(event.target.value)} dir="ltr" autoComplete="off" required />
        </div>
        <button type="submit" className="button button--small" disabled={busy || exportPath.trim() === ''}>
          {t('media.export')}
        </button>
      </form>
      <form
        className="row row--field"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await client['sync.importBundle']({ path: importPath.trim() });
            return result.ok
              ? { ok: true, text: t('media.imported', { count: result.value.documents, formatted: formatNumber(result.value.documents, locale), already: formatNumber(result.value.alreadyPresent, locale) }) }
              : { ok: false, text: errorText(result.error) };
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-import`}>{t('media.importPath')}</label>
          <input id={`${id}-import`} value={importPath} onChange={(event) => setImportPath(event.target.value)} dir="ltr" autoComplete="off" required />
        </div>
        <button type="submit" className="button button--small" disabled={busy || importPath.trim() === ''}>
          {t('media.import')}
        </button>
      </form>
      <div aria-live="polite">
        {message ? (
          <p className={message.ok ? 'ok-text' : 'warning-text'} data-testid="media-result">
            {message.text}
          </p>
        ) : null}
      </div>
    </section>
  );
}
