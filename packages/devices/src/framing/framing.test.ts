import fc from 'fast-check';
import { CuteFramer, encodeCuteBarcode, encodeCuteMagstripe, encodeCuteMrz } from './cute';
import { Ef01Parser, encodeEf01, PID } from './ef01';
import { LineFramer, encodeLines } from './lines';
import { RteFramer, encodeRteMrz } from './rte';
import type { Framer, FramerEvent } from './types';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

function feedBytewise(framer: Framer, bytes: Buffer): FramerEvent[] {
  const events: FramerEvent[] = [];
  for (const b of bytes) events.push(...framer.push(Buffer.from([b])));
  return events;
}

describe('CUTE framing', () => {
  it('reads a two-line and a three-line MRZ, whatever the chunking', () => {
    const framer = new CuteFramer();
    const events = feedBytewise(framer, Buffer.concat([encodeCuteMrz(TD3), encodeCuteMrz(TD1)]));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'frame', frame: { kind: 'mrz', lines: TD3 } });
    expect(events[1]).toMatchObject({ type: 'frame', frame: { kind: 'mrz', lines: TD1 } });
    expect(framer.pending).toBe(false);
  });

  it('keeps the raw frame bytes', () => {
    const raw = encodeCuteMrz(TD3);
    const [event] = new CuteFramer().push(raw);
    expect(event?.type === 'frame' && event.frame.raw.equals(raw)).toBe(true);
  });

  it('reports garbage before a frame and still reads the frame', () => {
    const events = new CuteFramer().push(Buffer.concat([Buffer.from([0xff, 0x00, 0x41]), encodeCuteMrz(TD3)]));
    expect(events.map((e) => e.type)).toEqual(['misread', 'frame']);
    expect(events[0]).toMatchObject({ misread: { reason: 'garbage' } });
  });

  it('reports a frame cut short by the start of another, then reads the second', () => {
    const first = encodeCuteMrz(TD3).subarray(0, 30);
    const events = new CuteFramer().push(Buffer.concat([first, encodeCuteMrz(TD1)]));
    expect(events[0]).toMatchObject({ type: 'misread', misread: { reason: 'partial-frame' } });
    expect(events[1]).toMatchObject({ type: 'frame', frame: { lines: TD1 } });
  });

  it('reports a frame left unfinished when the line goes silent', () => {
    const framer = new CuteFramer();
    expect(framer.push(encodeCuteMrz(TD3).subarray(0, 50))).toEqual([]);
    expect(framer.pending).toBe(true);
    expect(framer.idle()).toMatchObject([{ type: 'misread', misread: { reason: 'partial-frame' } }]);
    expect(framer.pending).toBe(false);
  });

  it('uses configured delimiters', () => {
    const framer = new CuteFramer({ mrz: { sod: 0x10, eod: 0x11 } });
    const events = framer.push(encodeCuteMrz(TD3, { sod: 0x10, eod: 0x11 }));
    expect(events).toMatchObject([{ type: 'frame', frame: { lines: TD3 } }]);
    // Default delimiters are garbage to a reader configured otherwise.
    expect(framer.push(encodeCuteMrz(TD3))).toEqual([]);
    expect(framer.idle()).toMatchObject([{ misread: { reason: 'garbage' } }]);
  });

  it('recognises magstripe and barcode frames', () => {
    const events = new CuteFramer().push(Buffer.concat([encodeCuteMagstripe(0x31, ['%B123^DOE/J?', '', ';123=45?']), encodeCuteBarcode('Q', 'HELLO-123')]));
    expect(events[0]).toMatchObject({ type: 'frame', frame: { kind: 'magstripe', cardType: 0x31, tracks: ['%B123^DOE/J?', '', ';123=45?'] } });
    expect(events[1]).toMatchObject({ type: 'frame', frame: { kind: 'barcode', symbology: 'Q', data: 'HELLO-123' } });
  });

  it('rejects an MRZ frame holding control bytes or too many lines', () => {
    const bad = encodeCuteMrz(['P<UTO\x07BAD', 'X']);
    expect(new CuteFramer().push(bad)).toMatchObject([{ type: 'misread', misread: { reason: 'malformed' } }]);
    const four = encodeCuteMrz(['A', 'B', 'C', 'D']);
    expect(new CuteFramer().push(four)).toMatchObject([{ type: 'misread', misread: { reason: 'malformed' } }]);
  });

  it('never throws and never holds more than a frame, on any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new CuteFramer();
        for (const chunk of chunks) framer.push(chunk);
        framer.idle();
        expect(framer.pending).toBe(false);
      }),
    );
  });

  it('finds a valid frame after any garbage that holds no frame start', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }).map((g) => g.filter((b) => b !== 0x02)), (garbage) => {
        const events = new CuteFramer().push(Buffer.concat([Buffer.from(garbage), encodeCuteMrz(TD3)]));
        const frames = events.filter((e) => e.type === 'frame');
        expect(frames).toHaveLength(1);
      }),
    );
  });
});

describe('3M RTE framing', () => {
  it('reads TD3 and TD1 frames, stripping `_` padding', () => {
    const framer = new RteFramer();
    const events = feedBytewise(framer, Buffer.concat([encodeRteMrz(TD3, 0x01), encodeRteMrz(TD1)]));
    expect(events).toMatchObject([
      { type: 'frame', frame: { kind: 'mrz', lines: TD3, flag: 0x01 } },
      { type: 'frame', frame: { kind: 'mrz', lines: TD1 } },
    ]);
  });

  it('pads short lines with `_` and bottom-aligns them on the wire', () => {
    const raw = encodeRteMrz(['SHORT']);
    expect(raw.toString('latin1')).toContain('\r\rSHORT_');
    expect(new RteFramer().push(raw)).toMatchObject([{ type: 'frame', frame: { lines: ['SHORT'] } }]);
  });

  it('reports a bad BCC as a misread', () => {
    const raw = encodeRteMrz(TD3);
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0xff;
    expect(new RteFramer().push(raw)).toMatchObject([{ type: 'misread', misread: { reason: 'bad-checksum' } }]);
  });

  it('reports garbage and a partial frame, and resynchronises', () => {
    const framer = new RteFramer();
    const events = framer.push(Buffer.concat([Buffer.from('noise'), encodeRteMrz(TD3)]));
    expect(events.map((e) => e.type)).toEqual(['misread', 'frame']);
    framer.push(encodeRteMrz(TD1).subarray(0, 20));
    expect(framer.idle()).toMatchObject([{ misread: { reason: 'partial-frame' } }]);
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new RteFramer();
        for (const chunk of chunks) framer.push(chunk);
        framer.idle();
        expect(framer.pending).toBe(false);
      }),
    );
  });
});

describe('plain line framing', () => {
  it('ends a document on idle, accepting CR, LF and CRLF', () => {
    const framer = new LineFramer();
    expect(framer.push(encodeLines(TD1, '\n'))).toEqual([]);
    expect(framer.idle()).toMatchObject([{ type: 'frame', frame: { lines: TD1 } }]);
    framer.push(encodeLines(TD3, '\r'));
    expect(framer.idle()).toMatchObject([{ type: 'frame', frame: { lines: TD3 } }]);
    expect(framer.idle()).toEqual([]);
  });

  it('reports binary noise as garbage', () => {
    const framer = new LineFramer();
    framer.push(Buffer.from([0x00, 0x01, 0xff]));
    expect(framer.idle()).toMatchObject([{ type: 'misread', misread: { reason: 'garbage' } }]);
  });
});

describe('EF01 packets', () => {
  it('round-trips a packet in any chunking, with a header split across chunks', () => {
    const raw = encodeEf01({ pid: PID.command, payload: Buffer.from([0x1d]) });
    expect(raw.toString('hex')).toBe('ef01ffffffff010003' + '1d' + '0021');
    const parser = new Ef01Parser();
    const events = [...parser.push(raw.subarray(0, 1)), ...parser.push(raw.subarray(1, 5)), ...parser.push(raw.subarray(5))];
    expect(events).toMatchObject([{ type: 'packet', packet: { pid: PID.command, address: 0xffffffff } }]);
  });

  it('reports a wrong checksum and garbage, then keeps parsing', () => {
    const good = encodeEf01({ pid: PID.ack, payload: Buffer.from([0x00]) });
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    const events = new Ef01Parser().push(Buffer.concat([Buffer.from([0x55, 0x12]), bad, good]));
    expect(events.map((e) => e.type)).toEqual(['garbage', 'bad-checksum', 'packet']);
  });

  it('skips an EF 01 pair that is not a packet header', () => {
    const good = encodeEf01({ pid: PID.data, payload: Buffer.alloc(128, 0x77) });
    const events = new Ef01Parser().push(Buffer.concat([Buffer.from([0xef, 0x01, 0, 0, 0, 0, 0x99, 0xff, 0xff]), good]));
    expect(events.filter((e) => e.type === 'packet')).toHaveLength(1);
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 10 }), (chunks) => {
        const parser = new Ef01Parser();
        for (const chunk of chunks) parser.push(chunk);
      }),
    );
  });
});

describe('plain line framing, cut text', () => {
  it('reports text that stops mid-line as a partial document', () => {
    const framer = new LineFramer();
    framer.push(Buffer.from('P<UTOERIKSSON<<ANNA\r\nL8989'));
    expect(framer.idle()).toMatchObject([{ type: 'misread', misread: { reason: 'partial-frame' } }]);
  });
});
