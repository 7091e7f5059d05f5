/**
 * One traveller, start to save: document → corrections → fingers and face → alert check (hits must be
 * acknowledged) → decision → save, then ready for the next. Focus always moves to the next action.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AlertCheckResult,
  AlertHitView,
  CaptureFingerArgs,
  CommitResult,
  CrossingSummary,
  DocumentCheck,
  FingerPosition,
  FingerSlot,
  HitOutcome,
  ManualDocumentFields,
  MissingFingerReason,
  StationSettings,
  TakeDocumentArgs,
  TravellerHistory,
} from '@borderpost/contract';
import type { ErrorData, Result } from '@borderpost/common';
import { useClient, useErrorText } from '../app/services';
import { SHORTCUTS, useShortcuts } from '../app/shortcuts';
import { DocumentPanel, type EntryMode } from '../components/DocumentPanel';
import { FingerGrid, nextPendingFinger, type LiveFinger } from '../components/FingerGrid';
import { FacePhoto, type FacePhotoHandle } from '../components/FacePhoto';
import { HitPanel } from '../components/HitPanel';
import { DecisionForm, decisionProblems, initialDecision, type DecisionValues } from '../components/DecisionForm';
import { CrossingList } from '../components/CrossingList';
import { Kbd } from '../components/Kbd';
import { recordTiming } from '../app/timings';

export interface IncomingDocument {
  lines: string[];
  deviceId: string;
  /** performance.now() when the reader's last byte reached the UI. */
  receivedAt: number;
  seq: number;
}

export interface TravellerProps {
  incoming: IncomingDocument | null;
  settings: StationSettings | null;
  /** Devices not connected, by id (from `device.status`). */
  deviceProblems?: Record<string, string>;
  onSaved: (result: CommitResult) => void;
  onPrint: (crossingId: string) => void;
}

type NextAction = 'document' | 'corrections' | 'fingers' | 'face' | 'decision' | 'save' | null;

export function Traveller({ incoming, settings, deviceProblems = {}, onSaved, onPrint }: TravellerProps) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [captureId, setCaptureId] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [document, setDocument] = useState<DocumentCheck | null>(null);
  const [fingers, setFingers] = useState<FingerSlot[]>([]);
  const [live, setLive] = useState<Partial<Record<FingerPosition, LiveFinger>>>({});
  const [busyFinger, setBusyFinger] = useState<FingerPosition | null>(null);
  const [faceTaken, setFaceTaken] = useState(false);
  const [checks, setChecks] = useState<AlertCheckResult | null>(null);
  const [history, setHistory] = useState<TravellerHistory | null>(null);
  const [decision, setDecision] = useState<DecisionValues>(initialDecision('entry'));
  const [adults, setAdults] = useState<CrossingSummary[]>([]);
  const [mode, setMode] = useState<EntryMode>('swipe');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<CommitResult | null>(null);
  const faceRef = useRef<FacePhotoHandle>(null);
  const decisionRef = useRef<HTMLInputElement>(null);
  const pendingTiming = useRef<number | null>(null);
  const handledSeq = useRef<number>(-1);

  const report = useCallback(
    <T,>(result: Result<T>): T | null => {
      if (result.ok) return result.value;
      setError(errorText(result.error as ErrorData));
      return null;
    },
    [errorText],
  );

  // A fresh capture for each traveller.
  useEffect(() => {
    let cancelled = false;
    void client['capture.start']({ direction: 'entry' }).then((result) => {
      if (cancelled) return;
      const started = report(result);
      if (started) setCaptureId(started.captureId);
    });
    return () => {
      cancelled = true;
    };
  }, [client, generation, report]);

  useEffect(
    () =>
      client.on('device.finger', (event) => {
        if (event.position) setLive((current) => ({ ...current, [event.position!]: { status: event.status, quality: event.quality } }));
      }),
    [client],
  );

  const runChecks = useCallback(
    async (id: string, doc: DocumentCheck) => {
      const [alerts, earlier] = await Promise.all([
        client['capture.checkAlerts']({ captureId: id }),
        client['history.traveller']({ issuingState: doc.fields.issuingState, documentNumber: doc.fields.documentNumber }),
      ]);
      const result = report(alerts);
      if (result) setChecks(result);
      if (earlier.ok) setHistory(earlier.value);
      if (doc.minor) {
        const today = await client['work.today']({ limit: 50 });
        if (today.ok) setAdults(today.value.items);
      }
    },
    [client, report],
  );

  const acceptDocument = useCallback(
    async (args: TakeDocumentArgs) => {
      setBusy(true);
      setError(null);
      setSaved(null);
      const result = report(await client['capture.takeDocument'](args));
      if (result) {
        setDocument(result);
        setFingers(result.requiredFingers.map((position) => ({ position, status: 'pending', quality: null, attempts: 0, missingReason: null })));
        setLive({});
        setChecks(null);
        setHistory(null);
        const correctionsPending = result.warnings.some((warning) => warning.code === 'DOCUMENT_CORRECTIONS_PENDING');
        // The latency figure is reader → alert result without a person in between.
        if (correctionsPending) pendingTiming.current = null;
        else await runChecks(args.captureId, result);
      } else {
        pendingTiming.current = null;
      }
      setBusy(false);
    },
    [client, report, runChecks],
  );

  // A document from a reader (serial, HID or wedge burst) goes straight into this capture.
  useEffect(() => {
    if (!incoming || !captureId || incoming.seq === handledSeq.current) return;
    handledSeq.current = incoming.seq;
    pendingTiming.current = incoming.receivedAt;
    void acceptDocument({ captureId, source: 'reader', deviceId: incoming.deviceId, mrzLines: incoming.lines });
  }, [incoming, captureId, acceptDocument]);

  // Reader's last byte → form filled with the alert result on screen (issue 7: p95 < 150 ms).
  useEffect(() => {
    if (checks && pendingTiming.current !== null) {
      const started = pendingTiming.current;
      pendingTiming.current = null;
      requestAnimationFrame(() => recordTiming('reader-to-alert-result', performance.now() - started));
    }
  }, [checks]);

  const onCorrections = async (accepted: string[], rejected: string[]) => {
    if (!captureId) return;
    setBusy(true);
    const result = report(await client['capture.confirmCorrections']({ captureId, accepted, rejected }));
    if (result) {
      setDocument(result);
      await runChecks(captureId, result);
    }
    setBusy(false);
  };

  const captureFinger = async (position: FingerPosition) => {
    if (!captureId || busyFinger) return;
    setBusyFinger(position);
    const args: CaptureFingerArgs = { captureId, position };
    const result = report(await client['capture.captureFinger'](args));
    if (result) setFingers((current) => current.map((slot) => (slot.position === position ? result.slot : slot)));
    setBusyFinger(null);
  };

  const declareMissing = async (position: FingerPosition, reason: MissingFingerReason) => {
    if (!captureId) return;
    const result = report(await client['capture.declareMissingFinger']({ captureId, position, reason }));
    if (result) setFingers(result);
  };

  const takeFace = useCallback(
    async (jpegBase64: string) => {
      if (!captureId) return false;
      const result = report(await client['capture.takeFace']({ captureId, jpegBase64 }));
      setFaceTaken(result?.accepted ?? false);
      return result?.accepted ?? false;
    },
    [captureId, client, report],
  );

  const acknowledge = async (hit: AlertHitView, outcome: HitOutcome, note: string) => {
    if (!captureId) return;
    const result = report(await client['capture.acknowledgeHit']({ captureId, listId: hit.listId, entryId: hit.entryId, outcome, ...(note ? { note } : {}) }));
    if (result) {
      setChecks(result);
      if (outcome === 'referred') setDecision((current) => ({ ...current, outcome: 'referred' }));
    }
  };

  const referralRequired = checks?.hits.some((hit) => hit.acknowledged === 'referred') ?? false;
  const openHits = checks?.hits.filter((hit) => hit.acknowledged === null) ?? [];
  const problems = decisionProblems(decision, referralRequired);
  const correctionsPending = document?.warnings.some((warning) => warning.code === 'DOCUMENT_CORRECTIONS_PENDING') ?? false;
  const fingersDone = fingers.every((slot) => slot.status !== 'pending');
  const canSave = !!document && !correctionsPending && fingersDone && faceTaken && !!checks && openHits.length === 0 && problems.length === 0 && !busy;

  const save = async () => {
    if (!captureId || !canSave || decision.outcome === '') return;
    setBusy(true);
    setError(null);
    const travel = {
      purpose: decision.purpose,
      transport: decision.transport,
      ...(decision.destination.trim() ? { destination: decision.destination.trim() } : {}),
      ...(decision.vehicleOrFlight.trim() ? (decision.transport === 'air' ? { flight: decision.vehicleOrFlight.trim() } : { vehicle: decision.vehicleOrFlight.trim() }) : {}),
    };
    const decided = report(
      await client['capture.decide']({
        captureId,
        direction: decision.direction,
        decision: { outcome: decision.outcome, ...(decision.outcome === 'refused' ? { reasonCode: decision.reasonCode } : {}), ...(decision.note.trim() ? { note: decision.note.trim() } : {}) },
        travel,
        ...(decision.accompanyingCrossingId ? { accompanyingCrossingId: decision.accompanyingCrossingId } : {}),
      }),
    );
    const committed = decided ? report(await client['capture.commit']({ captureId })) : null;
    setBusy(false);
    if (!committed) return;
    onSaved(committed);
    resetFor(committed, decision.direction);
  };

  const resetFor = (result: CommitResult | null, direction: DecisionValues['direction']) => {
    setSaved(result);
    setCaptureId(null);
    setDocument(null);
    setFingers([]);
    setLive({});
    setFaceTaken(false);
    setChecks(null);
    setHistory(null);
    setDecision(initialDecision(direction));
    setMode('swipe');
    setGeneration((value) => value + 1);
  };

  const newTraveller = async () => {
    if (captureId) await client['capture.cancel']({ captureId });
    setError(null);
    resetFor(null, decision.direction);
  };

  const nextAction: NextAction = !document
    ? 'document'
    : correctionsPending
      ? 'corrections'
      : !fingersDone
        ? 'fingers'
        : !faceTaken
          ? 'face'
          : problems.length > 0
            ? 'decision'
            : 'save';

  // Focus follows the workflow (not while the hit panel holds it).
  useEffect(() => {
    if (openHits.length > 0 || busy || busyFinger) return;
    const root = window.document;
    const target =
      nextAction === 'document'
        ? mode === 'swipe'
          ? root.getElementById('swipe-zone')
          : root.querySelector<HTMLElement>('.mrz-entry textarea, .manual-fields input')
        : nextAction === 'corrections'
          ? root.querySelector<HTMLElement>('[data-testid="corrections-accept"]')
          : nextAction === 'fingers'
            ? root.querySelector<HTMLElement>(`[data-position="${nextPendingFinger(fingers)}"] button`)
            : nextAction === 'face'
              ? root.querySelector<HTMLElement>('[data-testid="face-button"]')
              : nextAction === 'decision'
                ? root.querySelector<HTMLElement>('[data-testid="outcome-admitted"]')
                : root.querySelector<HTMLElement>('[data-testid="save-button"]');
    if (target && !target.contains(root.activeElement) && !(root.activeElement instanceof HTMLTextAreaElement) && !(root.activeElement instanceof HTMLInputElement && root.activeElement.type === 'text'))
      target.focus();
  }, [nextAction, openHits.length, busy, busyFinger, mode, fingers]);

  useShortcuts({
    manualMrz: () => setMode((current) => (current === 'mrz' ? 'swipe' : 'mrz')),
    manualFields: () => setMode((current) => (current === 'fields' ? 'swipe' : 'fields')),
    captureFinger: () => {
      const next = nextPendingFinger(fingers);
      if (next && openHits.length === 0) void captureFinger(next);
    },
    photo: () => {
      if (openHits.length === 0) faceRef.current?.takeOrRetake();
    },
    decision: () => decisionRef.current?.focus(),
    save: () => void save(),
    newTraveller: () => void newTraveller(),
    print: () => {
      if (saved) onPrint(saved.crossingId);
    },
  });

  return (
    <div className="traveller" data-testid="traveller" data-next={nextAction ?? ''}>
      {saved ? (
        <div className="banner banner--ok" role="status" data-testid="saved-banner">
          {t('traveller.saved', { id: saved.crossingId })}{' '}
          <button type="button" className="button button--small" onClick={() => onPrint(saved.crossingId)} aria-keyshortcuts={SHORTCUTS.print}>
            {t('traveller.printAck')} <Kbd name="print" />
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      ) : null}
      {Object.entries(deviceProblems).map(([deviceId, state]) => (
        <div key={deviceId} className="banner banner--error" role="alert" data-testid="device-problem">
          {t('traveller.deviceProblem', { device: deviceId, state: t(`devices.states.${state}`, { defaultValue: state }) })}
        </div>
      ))}
      <div className="columns">
        <section className="panel" aria-labelledby="step-document">
          <h2 id="step-document" className={nextAction === 'document' || nextAction === 'corrections' ? 'step step--current' : 'step'}>
            {t('traveller.steps.document')}
          </h2>
          <DocumentPanel
            document={document}
            mode={mode}
            onMode={setMode}
            busy={busy || !captureId}
            onTypedMrz={(lines) => captureId && void acceptDocument({ captureId, source: 'typed-mrz', mrzLines: lines })}
            onManualFields={(fields: ManualDocumentFields) => captureId && void acceptDocument({ captureId, source: 'manual', fields })}
            onCorrections={(accepted, rejected) => void onCorrections(accepted, rejected)}
            onRescan={() => void newTraveller()}
          />
        </section>
        <section className="panel" aria-labelledby="step-biometrics">
          <h2 id="step-biometrics" className={nextAction === 'fingers' || nextAction === 'face' ? 'step step--current' : 'step'}>
            {t('traveller.steps.biometrics')}
          </h2>
          {document ? (
            <>
              <h3>
                {t('traveller.fingers')} <Kbd name="captureFinger" />
              </h3>
              <FingerGrid slots={fingers} minQuality={settings?.minFingerQuality ?? 50} live={live} busy={busyFinger} onCapture={(position) => void captureFinger(position)} onDeclareMissing={(position, reason) => void declareMissing(position, reason)} />
              <h3>{t('traveller.face')}</h3>
              <FacePhoto key={captureId ?? 'none'} ref={faceRef} onPhoto={takeFace} taken={faceTaken} />
            </>
          ) : (
            <p className="hint">{t('traveller.waitingForDocument')}</p>
          )}
        </section>
        <section className="panel" aria-labelledby="step-decision">
          <h2 id="step-decision" className={nextAction === 'decision' || nextAction === 'save' ? 'step step--current' : 'step'}>
            {t('traveller.steps.decision')}
          </h2>
          {checks ? (
            <div className="checks-summary" data-testid="checks-summary">
              {checks.hits.length === 0 ? (
                <p className="ok-text">{t('traveller.noHits')}</p>
              ) : (
                <ul className="hit-list">
                  {checks.hits.map((hit) => (
                    <li key={`${hit.listId}/${hit.entryId}`} className="hit-line">
                      {t('traveller.hitLine', { list: hit.listName, outcome: hit.acknowledged ? t(`hits.acknowledgedAs.${hit.acknowledged}`) : t('traveller.hitOpen') })}
                    </li>
                  ))}
                </ul>
              )}
              {checks.riskFlags.length > 0 ? (
                <div className="risk">
                  <h3>{t('traveller.riskFlags')}</h3>
                  <ul>
                    {checks.riskFlags.map((flag) => (
                      <li key={flag.profileId} className="warning" dir="auto">
                        {`${flag.name} — ${flag.reason}`}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          ) : null}
          {history ? (
            <div className="history">
              <h3>{t('traveller.history')}</h3>
              <CrossingList items={history.local} caption={t('traveller.history')} testId="history" />
              {history.central ? (
                <>
                  <h4>{t('traveller.historyCentral')}</h4>
                  {/* Crossings at other posts (central knows them); this post's own are listed above. */}
                  <CrossingList items={history.central.filter((item) => !history.local.some((local) => local.crossingId === item.crossingId))} caption={t('traveller.historyCentral')} testId="history-central" />
                </>
              ) : null}
              {history.centralError ? <p className="hint">{t('traveller.centralUnavailable')}</p> : null}
            </div>
          ) : null}
          <h3>
            {t('traveller.decision')} <Kbd name="decision" />
          </h3>
          <DecisionForm values={decision} onChange={setDecision} reasonCodes={settings?.refusalReasonCodes ?? []} minor={document?.minor ?? false} adults={adults} firstFieldRef={decisionRef} />
          {problems.length > 0 && document ? (
            <ul className="hint">
              {problems.map((key) => (
                <li key={key}>{t(key)}</li>
              ))}
            </ul>
          ) : null}
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => void save()} disabled={!canSave} aria-keyshortcuts={SHORTCUTS.save} data-testid="save-button">
              {t('traveller.save')} <Kbd name="save" />
            </button>
            <button type="button" className="button button--quiet" onClick={() => void newTraveller()} aria-keyshortcuts={SHORTCUTS.newTraveller}>
              {t('traveller.new')} <Kbd name="newTraveller" />
            </button>
          </div>
        </section>
      </div>
      {checks ? <HitPanel hits={checks.hits} onAcknowledge={acknowledge} /> : null}
    </div>
  );
}
