import type { PropsWithChildren } from 'react';
import { LoadFailure } from './components/LoadFailure';
import './app.css';

/**
 * The app shell: pages render as its children. Beside them (in a browser), the notice for a page
 * whose code failed to load or a lost connection; in a mini-program it speaks through toasts.
 */
function App({ children }: PropsWithChildren) {
  return (
    <>
      {children}
      <LoadFailure />
    </>
  );
}

export default App;
