/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import type { ManualDocumentFields } from '@borderpost/contract';
import { ManualFields } from './ManualFields';
import { parseTypedDate } from './date-text';
import { renderWithServices } from '../test-utils';

describe('parseTypedDate', () => {
  it('reads day first, with Arabic-Indic digits, and ISO', () => {
    expect(parseTypedDate('12/08/1974')).toBe('1974-08-12');
    expect(parseTypedDate(' 2.5.1980 ')).toBe('1980-05-02');
    expect(parseTypedDate('١٢/٠٨/١٩٧٤')).toBe('1974-08-12');
    expect(parseTypedDate('1974-08-12')).toBe('1974-08-12');
  });
  it('refuses what is not a real date', () => {
    for (const text of ['31/02/1980', '08/13/1974', '1974', '12/08/74', 'abc', '']) expect(parseTypedDate(text)).toBeNull();
  });
});

describe('<ManualFields> dates follow the officer\'s language, not the browser\'s', () => {
  function setup(locale: 'en' | 'fr' | 'ar') {
    const submitted: ManualDocumentFields[] = [];
    renderWithServices(<ManualFields onSubmit={(fields) => void submitted.push(fields)} />, locale);
    return submitted;
  }

  it('in French: day-first text with a JJ/MM/AAAA pattern, the check digit, ISO sent to the runtime', () => {
    const submitted = setup('fr');
    const birth = screen.getByLabelText('Date de naissance') as HTMLInputElement;
    expect(birth.type).toBe('text');
    expect(birth.placeholder).toBe('JJ/MM/AAAA');
    fireEvent.change(birth, { target: { value: '12/08/1974' } });
    expect(screen.getByTestId('check-digit-birthDate').textContent).toBe('chiffre de contrôle 2');
    fireEvent.click(screen.getByRole('button', { name: 'Utiliser ces champs' }));
    expect(submitted[0]?.birthDate).toBe('1974-08-12');
  });

  it('in Arabic: Arabic-Indic digits are read', () => {
    setup('ar');
    const birth = screen.getByLabelText('تاريخ الميلاد') as HTMLInputElement;
    expect(birth.placeholder).toBe('يوم/شهر/سنة');
    fireEvent.change(birth, { target: { value: '١٢/٠٨/١٩٧٤' } });
    expect(screen.getByTestId('check-digit-birthDate').textContent).toBe('رقم التحقق 2');
  });

  it('says when a date is not one, and does not submit it', () => {
    const submitted = setup('en');
    const expiry = screen.getByLabelText('Date of expiry');
    fireEvent.change(expiry, { target: { value: '31/02/2030' } });
    expect(expiry.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('check-digit-expiryDate').textContent).toBe('Not a date: type day/month/year, e.g. 31/12/1980');
    fireEvent.click(screen.getByRole('button', { name: 'Use these fields' }));
    expect(submitted).toEqual([]);
    expect(document.activeElement).toBe(expiry);
  });
});
