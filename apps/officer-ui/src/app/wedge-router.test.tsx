/** @jest-environment jsdom */
import { useState } from 'react';
import { act, render, screen } from '@testing-library/react';
import { FakeRuntime } from '../runtime/fake-runtime';
import { useWedgeRouter } from './wedge-router';

function Harness({ onMrz }: { onMrz: (lines: string[], trusted: boolean, lastKeyAt: number) => void }) {
  const [value, setValue] = useState('');
  useWedgeRouter({ onMrz });
  return (
    <label>
      Destination
      <input value={value} onChange={(event) => setValue(event.target.value)} />
    </label>
  );
}

// Key times are set explicitly so a busy test machine cannot stretch a reader's burst into "typing".
let clock = 0;
function key(target: Element, value: string, gapMs = 4): boolean {
  clock += gapMs;
  const event = new KeyboardEvent('keydown', { key: value === '\n' ? 'Enter' : value, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'timeStamp', { value: clock });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('useWedgeRouter', () => {
  it('sends a wedge burst to the workflow, never into the focused field', async () => {
    const received: Array<[string[], boolean]> = [];
    render(<Harness onMrz={(lines, trusted) => received.push([lines, trusted])} />);
    const input = screen.getByLabelText('Destination') as HTMLInputElement;
    input.focus();
    const text = FakeRuntime.wedgeText('clean');
    const prevented = [...text].map((ch) => key(input, ch));
    expect(prevented.every(Boolean)).toBe(true);
    // A whole valid MRZ ends with the reader's last Enter: no wait for the end-of-burst gap.
    expect(received).toHaveLength(1);
    await act(() => sleep(120));
    expect(received).toHaveLength(1);
    expect(received[0]![0]).toEqual(text.trim().split('\n'));
    expect(received[0]![1]).toBe(true); // every check digit holds
    expect(input.value).toBe('');
  });

  it('gives what a person typed back to the field they typed it in', async () => {
    const received: unknown[] = [];
    render(<Harness onMrz={(lines) => received.push(lines)} />);
    const input = screen.getByLabelText('Destination') as HTMLInputElement;
    input.focus();
    for (const ch of 'Dakar') {
      key(input, ch, 90);
      await act(() => sleep(90)); // a person: more than the reader's gap between keys
    }
    await act(() => sleep(120));
    expect(input.value).toBe('Dakar');
    expect(received).toEqual([]);
  });

  it('waits for the gap when the burst is not a valid MRZ yet, and still keeps it out of the field', async () => {
    const received: Array<[string[], boolean]> = [];
    render(<Harness onMrz={(lines, trusted) => received.push([lines, trusted])} />);
    const input = screen.getByLabelText('Destination') as HTMLInputElement;
    input.focus();
    const misread = FakeRuntime.wedgeText('alert'); // O for 0 in the birth date: check digits fail
    for (const ch of misread) key(input, ch);
    expect(received).toHaveLength(0);
    await act(() => sleep(120));
    expect(received).toEqual([[misread.trim().split('\n'), false]]);
    expect(input.value).toBe('');
  });

  it('lets Space act on a focused button', () => {
    render(<Harness onMrz={() => undefined} />);
    const button = document.createElement('button');
    document.body.appendChild(button);
    button.focus();
    expect(key(button, ' ', 500)).toBe(false);
    button.remove();
  });
});
