/** @jest-environment jsdom */
import { act, fireEvent, screen } from '@testing-library/react';
import type { AlertHitView, HitOutcome } from '@borderpost/contract';
import { HitPanel } from './HitPanel';
import { renderWithServices } from '../test-utils';

const hit: AlertHitView = {
  listId: 'national-watch',
  listName: 'National watch list',
  listVersion: 42,
  entryId: 'NW-0193',
  kind: 'person',
  score: 0.96,
  explanation: 'surname KARIMOV · birth date 1979-03-14',
  reason: 'Wanted for questioning',
  instruction: 'Refer to secondary inspection',
  acknowledged: null,
};

function setup(hits: AlertHitView[] = [hit]) {
  const acknowledged: Array<[string, HitOutcome, string]> = [];
  const sound = jest.fn();
  const view = renderWithServices(<HitPanel hits={hits} playSound={sound} onAcknowledge={(h, outcome, note) => void acknowledged.push([h.entryId, outcome, note])} />);
  return { acknowledged, sound, view };
}

describe('<HitPanel>', () => {
  it('cannot be missed: a modal alert dialog that takes focus and sounds, with score and why', () => {
    const { sound } = setup();
    const dialog = screen.getByRole('alertdialog', { name: /ALERT-LIST HIT/ });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(sound).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('hit-score').textContent).toBe('96%');
    expect(dialog.textContent).toContain('surname KARIMOV · birth date 1979-03-14');
    expect(dialog.textContent).toContain('Wanted for questioning');
  });

  it('cannot be dismissed by accident: Escape, Enter on the focused heading and clicks outside do nothing', () => {
    const { acknowledged } = setup();
    const dialog = screen.getByRole('alertdialog');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    fireEvent.click(screen.getByTestId('hit-panel'));
    expect(screen.getByRole('alertdialog')).toBe(dialog);
    expect(acknowledged).toEqual([]);
  });

  it('needs an outcome and then a separate confirmation, whose step starts away from the button', async () => {
    const { acknowledged } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Refer to secondary inspection' }));
    // Focus is on the question, so a second stray Enter confirms nothing.
    expect(document.activeElement?.textContent).toContain('You chose: Refer to secondary inspection');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(acknowledged).toEqual([]);
    // Back returns to the choice without recording anything.
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(acknowledged).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Not this person' }));
    fireEvent.change(screen.getByLabelText('Note (optional)'), { target: { value: 'different birth place' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm — Not this person' }));
    });
    expect(acknowledged).toEqual([['NW-0193', 'dismissed', 'different birth place']]);
  });

  it('keeps Tab inside the dialog', () => {
    setup();
    const buttons = screen.getAllByRole('button');
    buttons[buttons.length - 1]!.focus();
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(buttons[buttons.length - 1]);
  });

  it('goes away only when every hit is acknowledged, sounding again for the next one', () => {
    const second = { ...hit, entryId: 'NW-0200' };
    const { sound, view } = setup([hit, second]);
    expect(screen.getByRole('alertdialog', { name: /2 ALERT-LIST HITS/ })).toBeTruthy();
    act(() => view.rerender(<HitPanel hits={[{ ...hit, acknowledged: 'referred' }, second]} playSound={sound} onAcknowledge={() => undefined} />));
    expect(screen.getByRole('alertdialog', { name: /ALERT-LIST HIT/ })).toBeTruthy();
    expect(sound).toHaveBeenCalledTimes(2);
    act(() => view.rerender(<HitPanel hits={[{ ...hit, acknowledged: 'referred' }, { ...second, acknowledged: 'confirmed' }]} playSound={sound} onAcknowledge={() => undefined} />));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
