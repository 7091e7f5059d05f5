import { createClient } from '@borderpost/contract';
import { FakeRuntime } from './fake-runtime';
import { emulatedMrz } from './fake-data';

function setup() {
  const runtime = new FakeRuntime({ fingerDelayMs: 1, syncDelayMs: 5 });
  return { runtime, client: createClient(runtime.transport) };
}

async function signedIn() {
  const context = setup();
  const session = await context.client['session.signIn']({ username: 'officer', password: 'officer' });
  expect(session.ok).toBe(true);
  await context.client['shift.start']({ postId: 'post-rosso', laneId: 'lane-1' });
  return context;
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

describe('FakeRuntime behind the contract', () => {
  it('enforces the contract access rules (sign-in first; devices for technicians)', async () => {
    const { client } = setup();
    expect(await client['capture.start']({ direction: 'entry' })).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
    await client['session.signIn']({ username: 'officer', password: 'officer' });
    expect(await client['devices.list']({})).toMatchObject({ ok: false, error: { code: 'SESSION_FORBIDDEN' } });
  });

  it('locks an account after five failed sign-ins', async () => {
    const { client } = setup();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await client['session.signIn']({ username: 'officer', password: 'nope' })).toMatchObject({ ok: false, error: { code: 'SESSION_BAD_CREDENTIALS' } });
    expect(await client['session.signIn']({ username: 'officer', password: 'officer' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('runs the alert traveller through corrections, a hit, referral and commit', async () => {
    const { client } = await signedIn();
    const { captureId } = value(await client['capture.start']({ direction: 'entry' }));
    const document = value(await client['capture.takeDocument']({ captureId, source: 'reader', deviceId: 'reader-cute', mrzLines: emulatedMrz('alert') }));
    expect(document.corrections).toEqual([expect.objectContaining({ field: 'birthDate', from: 'O', to: '0' })]);
    expect(document.warnings.map((warning) => warning.code)).toContain('DOCUMENT_CORRECTIONS_PENDING');
    expect(value(await client['capture.state']({ captureId })).step).toBe('corrections');
    const confirmed = value(await client['capture.confirmCorrections']({ captureId, accepted: [document.corrections[0]!.correctionId], rejected: [] }));
    expect(confirmed.warnings).toEqual([]);
    expect(confirmed.fields.birthDate).toBe('1979-03-14');

    const checks = value(await client['capture.checkAlerts']({ captureId }));
    expect(checks.hits).toEqual([expect.objectContaining({ entryId: 'NW-0193', kind: 'person', score: 0.96, acknowledged: null })]);
    expect(checks.hits[0]!.reasons).toEqual([
      { kind: 'name', travellerName: 'KARIMOV', listName: 'KARIMOV', relation: 'exact' },
      { kind: 'name', travellerName: 'RUSTAM', listName: 'RUSTAM', relation: 'exact' },
      { kind: 'birth-date', relation: 'exact', traveller: '1979-03-14', list: '1979-03-14' },
    ]);

    for (const position of confirmed.requiredFingers) {
      let result = value(await client['capture.captureFinger']({ captureId, position }));
      if (!result.acceptable) result = value(await client['capture.captureFinger']({ captureId, position }));
      expect(result.slot.status).toBe('captured');
    }
    value(await client['capture.takeFace']({ captureId, jpegBase64: 'A'.repeat(400) }));
    expect(value(await client['capture.state']({ captureId })).blockers).toEqual(['HITS_NOT_ACKNOWLEDGED', 'DECISION_MISSING']);
    value(await client['capture.acknowledgeHit']({ captureId, listId: 'national-watch', entryId: 'NW-0193', outcome: 'referred' }));

    const travel = { purpose: 'business' as const, transport: 'car' as const, vehicle: 'AB-123-CD' };
    expect(await client['capture.decide']({ captureId, decision: { outcome: 'admitted' }, travel })).toMatchObject({ ok: false, error: { code: 'CAPTURE_REFERRAL_REQUIRED' } });
    expect(value(await client['capture.decide']({ captureId, decision: { outcome: 'referred' }, travel, direction: 'exit' })).step).toBe('ready-to-commit');
    const { crossingId } = value(await client['capture.commit']({ captureId }));

    const queue = value(await client['secondary.queue']({}));
    expect(queue.map((item) => item.crossingId)).toEqual([crossingId]);
    expect(queue[0]!.direction).toBe('exit');
    value(await client['secondary.addNote']({ crossingId, note: 'interviewed' }));
    const final = value(await client['secondary.decide']({ crossingId, decision: { outcome: 'refused', reasonCode: 'H' } }));
    expect(final.summary.outcome).toBe('refused');
    expect(final.notes.map((note) => note.note)).toEqual(['interviewed']);
    expect(value(await client['secondary.queue']({}))).toEqual([]);

    const slip = value(await client['crossing.acknowledgement']({ crossingId, locale: 'fr' }));
    expect(slip.title).toBe('Récépissé de passage de frontière');
    expect(slip.lines).toContainEqual({ label: 'Motif du refus', value: 'H — signalé aux fins de non-admission' });
  });

  it('refuses to commit an incomplete crossing and says what is missing', async () => {
    const { client } = await signedIn();
    const { captureId } = value(await client['capture.start']({ direction: 'entry' }));
    expect(await client['capture.commit']({ captureId })).toMatchObject({ ok: false, error: { code: 'CAPTURE_NOT_READY' } });
    expect(await client['capture.takeDocument']({ captureId, source: 'typed-mrz', mrzLines: ['NOT AN MRZ'] })).toMatchObject({ ok: false, error: { code: 'MRZ_UNKNOWN_FORMAT' } });
    expect(await client['capture.takeDocument']({ captureId, source: 'manual', fields: { documentCode: 'P', issuingState: 'FRA', documentNumber: '', surname: 'X', givenNames: '', nationality: 'FRA', birthDate: '1990-01-01', sex: 'F', expiryDate: '2030-01-01' } })).toMatchObject({
      ok: false,
      error: { code: 'CAPTURE_DOCUMENT_INCOMPLETE' },
    });
  });

  it('flags expired documents, unknown states, and needs no fingers from a child', async () => {
    const { client } = await signedIn();
    const take = async (kind: 'expired' | 'unknown-state' | 'minor') => {
      const { captureId } = value(await client['capture.start']({ direction: 'entry' }));
      return value(await client['capture.takeDocument']({ captureId, source: 'reader', deviceId: 'reader-cute', mrzLines: emulatedMrz(kind) }));
    };
    expect((await take('expired')).warnings).toContainEqual({ code: 'DOCUMENT_EXPIRED', expiryDate: '2024-01-15' });
    expect((await take('unknown-state')).warnings).toContainEqual({ code: 'DOCUMENT_UNKNOWN_STATE', issuingState: 'XYZ' });
    const child = await take('minor');
    expect(child.minor).toBe(true);
    expect(child.requiredFingers).toEqual([]);
  });

  it('reports sync states: waiting, syncing, up to date, offline', async () => {
    const { runtime, client } = await signedIn();
    const seen: string[] = [];
    client.on('sync.state', (state) => seen.push(state.status.kind));
    expect(value(await client['sync.state']({})).status.kind).toBe('waiting');
    expect(value(await client['sync.now']({})).status.kind).toBe('syncing');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(value(await client['sync.state']({}))).toMatchObject({ status: { kind: 'up-to-date' }, pending: 0 });
    runtime.setOnline(false);
    expect(value(await client['sync.now']({})).status.kind).toBe('offline');
    expect(seen).toEqual(['syncing', 'up-to-date', 'offline', 'offline']);
  });
});
