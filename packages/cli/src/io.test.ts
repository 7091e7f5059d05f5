import { Readable } from 'node:stream';
import { readLines } from './io';

async function lines(chunks: (Buffer | string)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(Readable.from(chunks))) out.push(line);
  return out;
}

describe('readLines', () => {
  it('keeps a letter whose bytes are split between two reads', async () => {
    const bytes = Buffer.from('{"surname":"TRAORÉ"}\n{"surname":"Юлия"}\n', 'utf8');
    const at = bytes.indexOf(Buffer.from('É', 'utf8')) + 1; // inside the two bytes of É
    expect(await lines([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(['{"surname":"TRAORÉ"}', '{"surname":"Юлия"}']);
    // Every split point of the Cyrillic line too.
    for (let i = 1; i < bytes.length; i += 1) expect(await lines([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(['{"surname":"TRAORÉ"}', '{"surname":"Юлия"}']);
  });

  it('drops a byte-order mark at the start, ends lines at LF or CRLF, and yields a last line without a newline', async () => {
    expect(await lines([Buffer.from('\ufeff{"a":1}\r\n{"b":2}', 'utf8')])).toEqual(['{"a":1}', '{"b":2}']);
    expect(await lines([Buffer.from([0xef]), Buffer.from([0xbb, 0xbf]), '{"a":1}\n'])).toEqual(['{"a":1}']);
    // A mark later in the input is data, not a mark.
    expect(await lines(['x\n\ufeffy\n'])).toEqual(['x', '\ufeffy']);
  });
});
