/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import { formatMrz } from '@borderpost/mrz';
import { MrzEntry } from './MrzEntry';
import { mrzFeedback } from './mrz-feedback';
import { renderWithServices } from '../test-utils';

const TODAY = new Date('2026-11-28T00:00:00Z');
const LINES = formatMrz(
  { documentCode: 'P', issuingState: 'UZB', surname: 'KARIMOV', givenNames: 'RUSTAM', documentNumber: 'FA0198234', nationality: 'UZB', birthDate: '1979-03-14', sex: 'M', expiryDate: '2030-09-01' },
  'TD3',
);

function checkStates(): Record<string, string | null> {
  return Object.fromEntries([...document.querySelectorAll('[data-field]')].map((item) => [item.getAttribute('data-field'), item.getAttribute('data-ok')]));
}

describe('mrzFeedback', () => {
  it('passes every check digit of a valid MRZ and proposes nothing', () => {
    const feedback = mrzFeedback(LINES.join('\n'), TODAY);
    expect(feedback.format).toBe('TD3');
    expect(feedback.valid).toBe(true);
    expect(feedback.checks.every((check) => check.ok)).toBe(true);
    expect(feedback.proposed).toEqual([]);
  });

  it('names the field whose check digit fails', () => {
    const line2 = LINES[1]!.replace('7903144', '7903154'); // birth date changed, its check digit not
    const feedback = mrzFeedback(`${LINES[0]}\n${line2}`, TODAY);
    expect(feedback.checks.find((check) => check.field === 'birthDate')?.ok).toBe(false);
    expect(feedback.checks.find((check) => check.field === 'documentNumber')?.ok).toBe(true);
  });

  it('proposes the OCR repair the engine would make (O read for 0 in a date)', () => {
    const line2 = LINES[1]!.replace('7903144', '79O3144');
    const feedback = mrzFeedback(`${LINES[0]}\n${line2}`, TODAY);
    expect(feedback.valid).toBe(false);
    expect(feedback.proposed).toEqual([expect.objectContaining({ field: 'birthDate', from: 'O', to: '0', line: 2, column: 16 })]);
  });

  it('says nothing about a layout while the text is incomplete, and uppercases and strips spaces', () => {
    expect(mrzFeedback('P<UTO', TODAY).format).toBeNull();
    expect(mrzFeedback(LINES.map((line) => line.toLowerCase().replace(/</g, ' <')).join('\n'), TODAY).lines).toEqual(LINES);
  });
});

describe('<MrzEntry>', () => {
  it('shows live per-field check digits while typing and submits the lines', () => {
    const submitted: string[][] = [];
    renderWithServices(<MrzEntry onSubmit={(lines) => submitted.push(lines)} today={TODAY} />);
    const textarea = screen.getByLabelText('Machine-readable zone');
    const submit = screen.getByRole('button', { name: 'Use this MRZ' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(textarea, { target: { value: `${LINES[0]}\n${LINES[1]!.replace('7903144', '7903154')}` } });
    expect(checkStates()).toMatchObject({ documentNumber: 'true', birthDate: 'false', expiryDate: 'true', composite: 'false' });
    expect(screen.getByText('Date of birth').closest('li')?.textContent).toContain('check digit wrong');

    fireEvent.change(textarea, { target: { value: `${LINES[0]}\n${LINES[1]!.replace('7903144', '79O3144')}` } });
    expect(screen.getByTestId('mrz-proposed')?.textContent).toContain('Date of birth: O → 0 (line 2, column 16)');

    fireEvent.change(textarea, { target: { value: LINES.join('\n') } });
    expect(Object.values(checkStates()).every((ok) => ok === 'true')).toBe(true);
    fireEvent.click(submit);
    expect(submitted).toEqual([LINES]);
  });

  it('speaks French', () => {
    renderWithServices(<MrzEntry onSubmit={() => undefined} today={TODAY} />, 'fr');
    fireEvent.change(screen.getByLabelText('Zone de lecture automatique (ZLA)'), { target: { value: LINES.join('\n') } });
    expect(screen.getByText('Date de naissance').closest('li')?.textContent).toContain('chiffre de contrôle correct');
  });
});
