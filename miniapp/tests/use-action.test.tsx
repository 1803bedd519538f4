import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAction } from '../src/hooks/useAction';

function Counter({ work }: { work: () => Promise<void> }) {
  const action = useAction(work);
  return (
    <button type='button' data-testid='go' onClick={() => void action.run()}>
      {action.running ? 'running' : 'idle'}
    </button>
  );
}

describe('useAction', () => {
  it('drops a second tap while the first run is going, in the same frame, and runs again once it settled', async () => {
    let calls = 0;
    let finish: () => void = () => undefined;
    const work = () =>
      new Promise<void>((resolve) => {
        calls += 1;
        finish = resolve;
      });
    render(<Counter work={work} />);
    const button = screen.getByTestId('go');
    // Two clicks before React re-renders: the guard is a ref, not the disabled look.
    fireEvent.click(button);
    fireEvent.click(button);
    expect(calls).toBe(1);
    expect(button.textContent).toBe('running');
    await act(async () => finish());
    expect(button.textContent).toBe('idle');
    fireEvent.click(button);
    expect(calls).toBe(2);
    await act(async () => finish());
  });

  it('lets the next run go after a run that threw', async () => {
    let calls = 0;
    const work = async () => {
      calls += 1;
      throw new Error('refused');
    };
    render(<Counter work={() => work().catch(() => undefined)} />);
    await act(async () => fireEvent.click(screen.getByTestId('go')));
    await act(async () => fireEvent.click(screen.getByTestId('go')));
    expect(calls).toBe(2);
  });
});
