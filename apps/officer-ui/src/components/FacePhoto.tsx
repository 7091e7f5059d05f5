/**
 * The face photo from the webcam (getUserMedia), with retake. Where there is no camera (none plugged,
 * permission refused, an insecure origin) it says so instead of failing.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../app/shortcuts';
import { Kbd } from './Kbd';

export interface FacePhotoHandle {
  takeOrRetake: () => void;
}

export interface FacePhotoProps {
  /** Called with the JPEG (base64, no data: prefix); resolves when the runtime has it. */
  onPhoto: (jpegBase64: string) => Promise<boolean>;
  taken: boolean;
}

type CameraState = 'starting' | 'live' | 'unavailable' | 'captured';

export const FacePhoto = forwardRef<FacePhotoHandle, FacePhotoProps>(function FacePhoto({ onPhoto, taken }, ref) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>('starting');
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
  }, []);

  const start = useCallback(async () => {
    setPreview(null);
    setProblem(null);
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media?.getUserMedia) {
      setState('unavailable');
      setProblem('camera.noSupport');
      return;
    }
    setState('starting');
    try {
      const stream = await media.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
      streamRef.current = stream;
      if (videoRef.current) {
        videoRef.current.srcObject = stream;
        await videoRef.current.play().catch(() => undefined);
      }
      setState('live');
    } catch (error) {
      setState('unavailable');
      setProblem(error instanceof DOMException && error.name === 'NotAllowedError' ? 'camera.denied' : 'camera.none');
    }
  }, []);

  useEffect(() => {
    if (!taken) void start();
    return stop;
  }, [start, stop, taken]);

  const capture = useCallback(async () => {
    const video = videoRef.current;
    if (!video || state !== 'live') return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const dataUrl = canvas.toDataURL('image/jpeg', 0.85);
    setPreview(dataUrl);
    stop();
    setState('captured');
    const accepted = await onPhoto(dataUrl.slice(dataUrl.indexOf(',') + 1));
    if (!accepted) setProblem('camera.rejected');
  }, [onPhoto, state, stop]);

  const takeOrRetake = useCallback(() => {
    if (state === 'live') void capture();
    else void start();
  }, [capture, start, state]);

  useImperativeHandle(ref, () => ({ takeOrRetake }), [takeOrRetake]);

  return (
    <div className="face">
      <div className="face__frame">
        {preview ? (
          <img src={preview} alt={t('camera.previewAlt')} className="face__image" data-testid="face-preview" />
        ) : (
          <video ref={videoRef} className="face__image" muted playsInline aria-label={t('camera.liveAlt')} hidden={state !== 'live'} />
        )}
        {state === 'starting' ? <p className="hint">{t('camera.starting')}</p> : null}
      </div>
      {problem ? (
        <p className="warning-text" role="alert">
          {t(problem)}
        </p>
      ) : null}
      <button type="button" className="button" onClick={takeOrRetake} disabled={state === 'starting'} aria-keyshortcuts={SHORTCUTS.photo} data-testid="face-button">
        {t(state === 'live' ? 'camera.take' : state === 'unavailable' ? 'camera.tryAgain' : 'camera.retake')} <Kbd name="photo" />
      </button>
    </div>
  );
});
