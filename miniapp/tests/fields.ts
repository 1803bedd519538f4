import { fireEvent, screen } from '@testing-library/react';

/** The text box inside the element `testId` (Taro's Input wraps it in H5), or the element itself. */
function box(testId: string): HTMLInputElement {
  const element = screen.getByTestId(testId);
  return (element.querySelector('input') ?? element) as HTMLInputElement;
}

/** Types `value` into the text box `testId`, as a user's input event does. */
export function type(testId: string, value: string): void {
  fireEvent.input(box(testId), { target: { value } });
}

/** What the text box `testId` holds. */
export function valueOf(testId: string): string {
  return box(testId).value;
}
