/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import type { FingerSlot } from '@borderpost/contract';
import { FingerGrid, nextPendingFinger } from './FingerGrid';
import { renderWithServices } from '../test-utils';

const slots: FingerSlot[] = [
  { position: 'right-thumb', status: 'captured', quality: 84, attempts: 1, missingReason: null },
  { position: 'right-index', status: 'pending', quality: 34, attempts: 1, missingReason: null },
  { position: 'left-thumb', status: 'pending', quality: null, attempts: 0, missingReason: null },
  { position: 'left-index', status: 'missing', quality: null, attempts: 0, missingReason: 'amputated' },
];

function card(position: string): HTMLElement {
  return document.querySelector(`[data-position="${position}"]`) as HTMLElement;
}

describe('<FingerGrid>', () => {
  it('shows status, quality, retry and progress per finger', () => {
    renderWithServices(<FingerGrid slots={slots} minQuality={50} live={{ 'left-thumb': { status: 'placed', quality: 61 } }} busy={null} onCapture={() => undefined} onDeclareMissing={() => undefined} />);
    expect(screen.getByText('2 of 4 fingers done')).toBeTruthy();
    expect(card('right-thumb').textContent).toContain('Captured');
    expect(card('right-index').textContent).toContain('Quality too low — retry');
    expect(within(card('right-index')).getByRole('button', { name: 'Retry Right index' })).toBeTruthy();
    expect(within(card('left-thumb')).getByRole('button', { name: 'Capture Left thumb' })).toBeTruthy();
    // The live reading from the scanner shows before the capture completes.
    expect(screen.getByTestId('quality-left-thumb').textContent).toBe('61');
    expect((screen.getByRole('meter', { name: 'Quality of Left thumb' }) as HTMLMeterElement).value).toBe(61);
    expect(card('left-index').textContent).toContain('Missing: amputated');
    expect(within(card('left-index')).queryByRole('button')).toBeNull();
  });

  it('captures the finger asked for, and nothing while the scanner is busy', () => {
    const captured: string[] = [];
    const { rerender } = renderWithServices(<FingerGrid slots={slots} minQuality={50} live={{}} busy={null} onCapture={(position) => captured.push(position)} onDeclareMissing={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry Right index' }));
    expect(captured).toEqual(['right-index']);
    rerender(<FingerGrid slots={slots} minQuality={50} live={{}} busy="right-index" onCapture={(position) => captured.push(position)} onDeclareMissing={() => undefined} />);
    expect(card('right-index').textContent).toContain('Place the finger on the scanner');
    expect((screen.getByRole('button', { name: 'Capture Left thumb' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('declares a missing finger only with a reason, after confirming', () => {
    const declared: Array<[string, string]> = [];
    renderWithServices(<FingerGrid slots={slots} minQuality={50} live={{}} busy={null} onCapture={() => undefined} onDeclareMissing={(position, reason) => declared.push([position, reason])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Declare Left thumb missing' }));
    const confirm = within(card('left-thumb')).getByRole('button', { name: 'Confirm missing' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(declared).toEqual([]);
    // Changing one's mind leaves the finger pending.
    fireEvent.click(within(card('left-thumb')).getByRole('button', { name: 'Back' }));
    expect(within(card('left-thumb')).queryByRole('button', { name: 'Confirm missing' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Declare Left thumb missing' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Why is Left thumb missing?' }), { target: { value: 'injured' } });
    fireEvent.click(within(card('left-thumb')).getByRole('button', { name: 'Confirm missing' }));
    expect(declared).toEqual([['left-thumb', 'injured']]);
  });

  it('says so when no finger is required (a child)', () => {
    renderWithServices(<FingerGrid slots={[]} minQuality={50} live={{}} busy={null} onCapture={() => undefined} onDeclareMissing={() => undefined} />);
    expect(screen.getByText('No fingerprints required for this traveller.')).toBeTruthy();
  });

  it('picks the first pending finger as the next one', () => {
    expect(nextPendingFinger(slots)).toBe('right-index');
    expect(nextPendingFinger(slots.filter((slot) => slot.status !== 'pending'))).toBeNull();
  });
});
