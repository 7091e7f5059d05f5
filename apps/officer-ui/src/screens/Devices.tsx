/**
 * The technician's device manager (role-restricted): detected devices, role, protocol and port, a test
 * read, the raw byte trace, and saving the station's configuration — all through the contract's
 * `devices.*` calls, which the runtime also refuses to anyone without the technician role.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, DeviceRole, DeviceTestResult } from '@borderpost/contract';
import type { Events } from '@borderpost/contract';
import { useClient, useErrorText, useLocale } from '../app/services';
import { formatDateTime, formatTime } from '../i18n/format';
import { RemovableMedia } from './RemovableMedia';

const ROLES: DeviceRole[] = ['mrz-reader', 'fingerprint-scanner', 'none'];
const PROTOCOLS = ['wedge', 'cute', '3m', 'lines', 'access-is-hid', 'zfm', 'sbi'];
const TRACE_LINES = 200;

function DeviceRow({ device, onSaved, onTrace, tracing }: { device: DeviceInfo; onSaved: () => void; onTrace: (deviceId: string, enabled: boolean) => void; tracing: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const id = useId();
  const [role, setRole] = useState<DeviceRole>(device.role);
  const [protocol, setProtocol] = useState(device.protocol ?? '');
  const [port, setPort] = useState(device.port ?? '');
  const [test, setTest] = useState<DeviceTestResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <li className="device" data-device={device.deviceId}>
      <h3>{device.name}</h3>
      <p className="hint">{t('devices.stateLine', { kind: t(`devices.kinds.${device.kind}`), state: t(`devices.states.${device.state}`) })}</p>
      <div className="grid-fields">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('devices.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as DeviceRole)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`devices.roles.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-protocol`}>{t('devices.protocol')}</label>
          <select id={`${id}-protocol`} value={protocol} onChange={(event) => setProtocol(event.target.value)}>
            <option value="">{t('devices.noProtocol')}</option>
            {PROTOCOLS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-port`}>{t('devices.port')}</label>
          <input id={`${id}-port`} value={port} onChange={(event) => setPort(event.target.value)} dir="ltr" autoComplete="off" />
        </div>
      </div>
      <div className="row">
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            const result = await client['devices.assign']({ deviceId: device.deviceId, role, protocol: protocol || null, port: port || null });
            if (result.ok) {
              // A new assignment restarts the station's devices: ids and states change, so list them again.
              onSaved();
            } else setMessage(errorText(result.error));
          }}
        >
          {t('devices.apply')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            const result = await client['devices.test']({ deviceId: device.deviceId });
            if (result.ok) setTest(result.value);
            else setMessage(errorText(result.error));
          }}
        >
          {t('devices.test')}
        </button>
        <button type="button" className="button button--small button--quiet" aria-pressed={tracing} onClick={() => onTrace(device.deviceId, !tracing)}>
          {t(tracing ? 'devices.traceStop' : 'devices.traceStart')}
        </button>
      </div>
      <div aria-live="polite">
        {message ? <p className="hint">{message}</p> : null}
        {test ? (
          <p className={test.ok ? 'ok-text' : 'warning-text'} data-testid={`test-${device.deviceId}`}>
            {test.ok ? t('devices.testOk', { summary: test.summary }) : t('devices.testFailed', { reason: test.error ? errorText(test.error) : test.summary })}
          </p>
        ) : null}
      </div>
    </li>
  );
}

export function Devices() {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [tracing, setTracing] = useState<Set<string>>(new Set());
  const [trace, setTrace] = useState<Array<Events['device.trace']>>([]);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    void client['devices.list']({}).then((result) => {
      if (result.ok) setDevices(result.value);
      else setMessage(errorText(result.error));
    });
  }, [client, errorText]);
  useEffect(load, [load]);

  useEffect(() => client.on('device.trace', (event) => setTrace((lines) => [...lines.slice(-(TRACE_LINES - 1)), event])), [client]);

  // Stop every trace this screen started when the technician leaves it.
  useEffect(
    () => () => {
      for (const deviceId of tracing) void client['devices.trace']({ deviceId, enabled: false });
    },
    [client, tracing],
  );

  const onTrace = useCallback(
    async (deviceId: string, enabled: boolean) => {
      const result = await client['devices.trace']({ deviceId, enabled });
      if (!result.ok) return setMessage(errorText(result.error));
      setTracing((current) => {
        const next = new Set(current);
        if (enabled) next.add(deviceId);
        else next.delete(deviceId);
        return next;
      });
    },
    [client, errorText],
  );

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="devices">
      <h2 id={`${id}-title`} tabIndex={-1}>{t('devices.title')}</h2>
      {message ? (
        <p className="hint" role="status">
          {message}
        </p>
      ) : null}
      {devices ? (
        <ul className="devices">
          {devices.map((device) => (
            <DeviceRow key={device.deviceId} device={device} tracing={tracing.has(device.deviceId)} onTrace={(deviceId, enabled) => void onTrace(deviceId, enabled)} onSaved={() => {
                setMessage(t('devices.assigned'));
                load();
              }} />
          ))}
        </ul>
      ) : (
        <p className="hint">{t('common.loading')}</p>
      )}
      <h3>{t('devices.trace')}</h3>
      <pre className="trace" dir="ltr" aria-label={t('devices.trace')} tabIndex={0}>
        {trace.map((line) => `${formatTime(line.at, locale)} ${line.deviceId} ${line.direction} ${line.hex}`).join('\n')}
      </pre>
      <button
        type="button"
        className="button button--primary"
        onClick={async () => {
          const result = await client['devices.saveConfiguration']({});
          setMessage(result.ok ? t('devices.saved', { at: formatDateTime(result.value.savedAt, locale) }) : errorText(result.error));
        }}
      >
        {t('devices.save')}
      </button>
      <RemovableMedia />
    </section>
  );
}
