import { mrzChecksPass } from '../emulators/documents';
import { SPECIMEN_TD1, SPECIMEN_TD3 } from '../testing/specimens';
import { FakeHidDevice } from '../transport/fake-hid';
import { decodeBootReports, encodeBootReports } from './boot-keyboard';
import { KeystrokeBurstDetector } from './burst';
import type { LayoutName } from './layouts';
import { type WedgeRead, WedgeReader } from './wedge-reader';

const MRZ_TEXT = SPECIMEN_TD3.join('\n') + '\n';

describe('HID boot-keyboard decoding', () => {
  it.each(['us', 'fr', 'de'] as LayoutName[])('round-trips MRZ text on the %s layout', (layout) => {
    expect(decodeBootReports(encodeBootReports(MRZ_TEXT, layout), layout)).toBe(MRZ_TEXT);
  });

  it('types `<` as Shift+comma on US and as the ISO 102nd key on DE and FR', () => {
    expect(encodeBootReports('<', 'us')[0]!.toString('hex')).toBe('0200360000000000');
    expect(encodeBootReports('<', 'de')[0]!.toString('hex')).toBe('0000640000000000');
    expect(encodeBootReports('<', 'fr')[0]!.toString('hex')).toBe('0000640000000000');
  });

  it('shows the layout pitfalls: a US-configured reader on an AZERTY or German host', () => {
    const reports = encodeBootReports('HA112<Z', 'us');
    expect(decodeBootReports(reports, 'fr')).toBe('HQ&&é.W'); // digits need Shift on AZERTY; A↔Q, Z↔W; Shift+comma key is '.'
    expect(decodeBootReports(reports, 'de')).toBe('HA112;Y'); // Y↔Z; Shift+comma is ';'
  });

  it('ignores held keys, chords and rollover reports, and never throws on short reports', () => {
    const press = Buffer.from([0, 0, 0x04, 0, 0, 0, 0, 0]);
    expect(decodeBootReports([press, press, Buffer.alloc(8)], 'us')).toBe('a');
    expect(decodeBootReports([Buffer.from([0x01, 0, 0x06, 0, 0, 0, 0, 0])], 'us')).toBe(''); // Ctrl+C
    expect(decodeBootReports([Buffer.from([0, 0, 1, 1, 1, 1, 1, 1])], 'us')).toBe('');
    expect(decodeBootReports([Buffer.from([0])], 'us')).toBe('');
  });
});

describe('keystroke-burst detector', () => {
  const feed = (detector: KeystrokeBurstDetector, text: string, start: number, gapMs: number) => {
    const outcomes = [];
    let t = start;
    for (const ch of text) {
      outcomes.push(...detector.key(ch === '\n' ? 'Enter' : ch, t).outcomes);
      if (ch !== '\n' && ch === ch.toUpperCase() && /[A-Z]/.test(ch)) detector.key('Shift', t);
      t += gapMs;
    }
    return { outcomes, end: t };
  };

  it('catches a scanner burst as a trusted MRZ that never reaches a field', () => {
    const detector = new KeystrokeBurstDetector({ validate: mrzChecksPass });
    const { outcomes, end } = feed(detector, MRZ_TEXT, 1000, 8);
    expect(outcomes).toEqual([]);
    const [result] = detector.flush(end + 100);
    expect(result).toMatchObject({ type: 'mrz', lines: SPECIMEN_TD3, trusted: true });
  });

  it('holds then releases what a person types', () => {
    const detector = new KeystrokeBurstDetector({ validate: mrzChecksPass });
    expect(detector.key('J', 0).action).toBe('hold');
    expect(detector.flush(20)).toEqual([]); // still within the gap
    expect(detector.flush(200)).toEqual([{ type: 'release', text: 'J' }]);
    const next = detector.key('o', 400);
    expect(next.action).toBe('hold');
    expect(detector.key('ArrowLeft', 600)).toMatchObject({ action: 'pass', outcomes: [{ type: 'release', text: 'o' }] });
    expect(detector.key('Enter', 900).action).toBe('pass');
    expect(detector.key('c', 950, { ctrl: true }).action).toBe('pass');
  });

  it('marks a burst with a wrong check digit as untrusted', () => {
    const detector = new KeystrokeBurstDetector({ validate: mrzChecksPass });
    const spoiled = [SPECIMEN_TD1[0], SPECIMEN_TD1[1]!.replace('7408122', '7408123'), SPECIMEN_TD1[2]].join('\n');
    const { end } = feed(detector, spoiled, 0, 5);
    expect(detector.flush(end + 100)).toMatchObject([{ type: 'mrz', trusted: false }]);
  });

  it('reports a fast burst that is not an MRZ (a barcode) as a burst', () => {
    const detector = new KeystrokeBurstDetector();
    const { end } = feed(detector, 'https://example.test/a-barcode-url', 0, 3);
    expect(detector.flush(end + 100)).toMatchObject([{ type: 'burst' }]);
  });
});

describe('keyboard-wedge reader over a fake HID device', () => {
  it('decodes a document, trusts it by check digits, and suggests the right layout when misconfigured', async () => {
    const device = new FakeHidDevice();
    const reader = new WedgeReader(device, { layout: 'fr', validate: mrzChecksPass, idleMs: 20 });
    const reads: WedgeRead[] = [];
    reader.on('document', (r) => reads.push(r));
    device.play(encodeBootReports(MRZ_TEXT, 'fr'));
    await new Promise((r) => setTimeout(r, 60));
    device.play(encodeBootReports(MRZ_TEXT, 'us')); // a reader set up for US on this French host
    await new Promise((r) => setTimeout(r, 60));
    expect(reads[0]).toMatchObject({ lines: SPECIMEN_TD3, trusted: true, suggestedLayout: null });
    expect(reads[1]).toMatchObject({ trusted: false, suggestedLayout: 'us' });
    const closed = new Promise((resolve) => reader.once('close', resolve));
    device.fail('device unplugged');
    expect(await closed).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });
});

describe('bounds', () => {
  it('the burst detector ends an endless burst every 1000 characters', () => {
    const detector = new KeystrokeBurstDetector();
    const outcomes = [];
    for (let i = 0; i < 2500; i++) outcomes.push(...detector.key('A', i * 2).outcomes);
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]).toMatchObject({ type: 'mrz', trusted: false });
  });
});
