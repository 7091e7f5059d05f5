import { encodeCuteMrz } from './framing/cute';
import { encodeRteMrz } from './framing/rte';
import { SPECIMEN_TD3 } from './testing/specimens';
import { protocolHint } from './toolkit';

describe('protocol hint after a failed read', () => {
  it('names the protocol whose framer finds a document in the bytes received', () => {
    expect(protocolHint(encodeCuteMrz(SPECIMEN_TD3), '3m')).toContain('--protocol cute');
    expect(protocolHint(encodeRteMrz(SPECIMEN_TD3), 'cute')).toContain('--protocol 3m');
    expect(protocolHint(Buffer.from(SPECIMEN_TD3.join('\r\n') + '\r\n'), 'cute')).toContain('--protocol lines');
  });

  it('points at the baud rate when the bytes are not text, and says nothing without bytes', () => {
    expect(protocolHint(Buffer.from([0xf8, 0x80, 0xfe, 0x00, 0x80, 0xf8, 0x78, 0x86]), 'cute')).toContain('baud rate');
    expect(protocolHint(Buffer.alloc(0), 'cute')).toBeNull();
  });
});
