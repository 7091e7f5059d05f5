/** Shift and lane: the post comes from the station; the officer picks the lane. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftInfo, ShiftOptions } from '@borderpost/contract';
import { useClient, useErrorText } from '../app/services';

export function ShiftPicker({ onStarted }: { onStarted: (shift: ShiftInfo, laneName: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const id = useId();
  const [options, setOptions] = useState<ShiftOptions | null>(null);
  const [laneId, setLaneId] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void client['shift.options']({}).then((result) => {
      if (result.ok) {
        setOptions(result.value);
        setLaneId(result.value.lanes[0]?.laneId ?? '');
      } else setError(errorText(result.error));
    });
  }, [client, errorText]);
  return (
    <main className="sign-in" aria-labelledby={`${id}-title`}>
      <form
        className="sign-in__card"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!options) return;
          const result = await client['shift.start']({ postId: options.post.postId, laneId });
          if (result.ok) onStarted(result.value, options.lanes.find((lane) => lane.laneId === laneId)?.name ?? laneId);
          else setError(errorText(result.error));
        }}
      >
        <h1 id={`${id}-title`}>{t('shift.title')}</h1>
        {options ? (
          <>
            <p>{t('shift.post', { post: options.post.name })}</p>
            <fieldset className="radio-column">
              <legend>{t('shift.lane')}</legend>
              {options.lanes.map((lane, index) => (
                <label key={lane.laneId}>
                  <input type="radio" name={`${id}-lane`} value={lane.laneId} checked={laneId === lane.laneId} onChange={() => setLaneId(lane.laneId)} autoFocus={index === 0} />
                  {t('shift.laneOption', { name: lane.name, kind: t(`laneKinds.${lane.kind}`) })}
                </label>
              ))}
            </fieldset>
          </>
        ) : (
          <p className="hint">{t('common.loading')}</p>
        )}
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={!options || laneId === ''} data-testid="start-shift">
          {t('shift.start')}
        </button>
      </form>
    </main>
  );
}
