/** Fault modes every emulator understands (`devices emulate … --fault MODE`). */
export const FAULT_MODES = ['none', 'garbage', 'partial', 'bad-checksum', 'silence', 'unplug'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const FAULT_DESCRIPTIONS: Record<FaultMode, string> = {
  none: 'a healthy device',
  garbage: 'random bytes between good answers (line noise, a wrong baud rate on part of the line)',
  partial: 'answers cut short halfway (a stalled reader, a loose cable)',
  'bad-checksum': 'answers whose checksum does not match (3M BCC, EF01 SUM; CUTE has none, so a garbled control byte)',
  silence: 'never sends anything (wrong port, device off)',
  unplug: 'the link drops in the middle of a transfer (cable pulled)',
};

export function isFaultMode(value: string): value is FaultMode {
  return (FAULT_MODES as readonly string[]).includes(value);
}
