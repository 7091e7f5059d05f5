/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { createClient } from '@borderpost/contract';
import { renderWithServices } from '../test-utils';
import { RemovableMedia } from './RemovableMedia';

describe('removable media panel', () => {
  it('writes a bundle and reads one, saying how many documents moved', async () => {
    const { runtime } = renderWithServices(<RemovableMedia />);
    await act(async () => void (await createClient(runtime.transport)['session.signIn']({ username: 'technician', password: 'technician' })));
    const write = screen.getByRole('button', { name: 'Write bundle' }) as HTMLButtonElement;
    expect(write.disabled).toBe(true); // no file named yet
    fireEvent.change(screen.getByLabelText('Bundle file to write'), { target: { value: '/media/usb/north.bpb' } });
    fireEvent.click(write);
    await waitFor(() => expect(screen.getByTestId('media-result').textContent).toMatch(/^\d+ documents? written to \/media\/usb\/north\.bpb \(\d+ KB\)\.$/));
    fireEvent.change(screen.getByLabelText('Bundle file from central'), { target: { value: '/media/usb/reference.bpb' } });
    fireEvent.click(screen.getByRole('button', { name: 'Read bundle' }));
    await waitFor(() => expect(screen.getByTestId('media-result').textContent).toBe('12 documents read (3 already here).'));
  });

  it('says plainly when the stick is not there, in the officer’s language', async () => {
    const { runtime } = renderWithServices(<RemovableMedia />, 'fr');
    await act(async () => void (await createClient(runtime.transport)['session.signIn']({ username: 'technician', password: 'technician' })));
    fireEvent.change(screen.getByLabelText('Fichier à écrire'), { target: { value: '/mnt/nothing/x.bpb' } });
    fireEvent.click(screen.getByRole('button', { name: 'Écrire le paquet' }));
    await waitFor(() => expect(screen.getByTestId('media-result').textContent).toBe('Impossible d’écrire le paquet à cet endroit (la clé est-elle branchée et accessible en écriture ?).'));
    expect(screen.getByTestId('media-result').className).toBe('warning-text');
  });
});
