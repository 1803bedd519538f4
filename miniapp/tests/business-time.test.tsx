import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useBusinessTime } from '../src/hooks/useBusinessTime';

function Stamp({ iso }: { iso: string }) {
  const time = useBusinessTime();
  return <span data-testid='stamp'>{`${time.at(iso)} | ${time.day(iso)}`}</span>;
}

describe('times on screen', () => {
  it("are the business zone's wall clock to the minute, whatever the phone's own zone", () => {
    // 16:30 UTC is half past midnight of the next day in Shanghai, the zone the app falls back on.
    render(<Stamp iso='2026-06-30T16:30:45.000Z' />);
    expect(screen.getByTestId('stamp').textContent).toBe('2026-07-01 00:30 | 2026-07-01');
  });
});
