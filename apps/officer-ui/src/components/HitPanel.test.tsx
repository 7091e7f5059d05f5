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

  describe('says why in the officer\'s language, from the runtime\'s reasons', () => {
    const withReasons: AlertHitView = {
      ...hit,
      explanation: 'DIALLO, MOHAMED ≈ MUHAMMAD (spelling variant), born 1980-05-02 = 1980-05-02, nationality GIN',
      reasons: [
        { kind: 'name', travellerName: 'DIALLO', listName: 'DIALLO', relation: 'exact' },
        { kind: 'name', travellerName: 'MOHAMED', listName: 'MUHAMMAD', relation: 'spelling-variant' },
        { kind: 'birth-date', relation: 'exact', traveller: '1980-05-02', list: '1980-05-02' },
        { kind: 'nationality', relation: 'different', traveller: 'SEN', list: ['GIN', 'MLI'] },
      ],
    };
    const reasonTexts = () => Array.from(screen.getByTestId('hit-reasons').querySelectorAll('li')).map((li) => li.textContent);

    it('in English', () => {
      renderWithServices(<HitPanel hits={[withReasons]} playSound={() => undefined} onAcknowledge={() => undefined} />, 'en');
      expect(reasonTexts()).toEqual(['DIALLO = DIALLO', 'MOHAMED ≈ MUHAMMAD (spelling variant)', 'born 2 May 1980 = 2 May 1980', 'nationality SEN ≠ GIN/MLI']);
    });

    it('in French, not the English sentence', () => {
      renderWithServices(<HitPanel hits={[withReasons]} playSound={() => undefined} onAcknowledge={() => undefined} />, 'fr');
      const dialog = screen.getByRole('alertdialog');
      expect(reasonTexts()).toEqual(['DIALLO = DIALLO', 'MOHAMED ≈ MUHAMMAD (variante orthographique)', 'né(e) le 2 mai 1980 = 2 mai 1980', 'nationalité SEN ≠ GIN/MLI']);
      expect(dialog.textContent).not.toContain('spelling variant');
      expect(dialog.textContent).not.toContain(withReasons.explanation);
    });

    it('in Arabic, not the English sentence, names kept as read and dates in Arabic', () => {
      renderWithServices(<HitPanel hits={[withReasons]} playSound={() => undefined} onAcknowledge={() => undefined} />, 'ar');
      const dialog = screen.getByRole('alertdialog');
      const texts = reasonTexts();
      expect(texts[1]).toBe('MOHAMED ≈ MUHAMMAD (اختلاف في التهجئة)');
      const arabicDate = new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('1980-05-02T00:00:00Z'));
      expect(texts[2]).toBe(`تاريخ الميلاد ${arabicDate} = ${arabicDate}`);
      expect(texts[3]).toBe('الجنسية SEN ≠ GIN/MLI');
      expect(dialog.textContent).not.toContain('spelling variant');
      expect(dialog.textContent).not.toContain('born');
    });

    it('a possible document match with its OCR differences, and partial list dates', () => {
      const documentHit: AlertHitView = {
        ...hit,
        kind: 'document',
        reasons: [
          {
            kind: 'document', relation: 'possible', travellerState: 'GIN', travellerNumber: 'RO739215', listState: 'GIN', listNumber: 'R0739215', stateDiffers: false,
            differences: [{ position: 2, traveller: 'O', list: '0' }],
          },
          { kind: 'birth-date', relation: 'year', traveller: '1980-05-02', list: '1980' },
        ],
      };
      renderWithServices(<HitPanel hits={[documentHit]} playSound={() => undefined} onAcknowledge={() => undefined} />, 'fr');
      expect(reasonTexts()).toEqual([
        'document GIN RO739215 ≈ GIN R0739215 (possible : vérifiez le document) · O lu là où la liste a 0 en position 2',
        'né(e) le 2 mai 1980, liste : 1980 (même année)',
      ]);
    });

    it('falls back to the English explanation only when there are no reasons', () => {
      renderWithServices(<HitPanel hits={[hit]} playSound={() => undefined} onAcknowledge={() => undefined} />, 'fr');
      expect(screen.queryByTestId('hit-reasons')).toBeNull();
      expect(screen.getByRole('alertdialog').textContent).toContain(hit.explanation);
    });
  });
});
