import './app/zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n, loadIntlData } from './app/i18n';
import './ui/styles.css';
import './ui/room.css';
import './ui/pages.css';
import './ui/forms.css';
import './ui/details.css';

function render() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

/** Runs each step in a task of its own (setTimeout), in turn. */
function inTurn([step, ...rest]: (() => void)[]): void {
  if (step)
    setTimeout(() => {
      step();
      inTurn(rest);
    });
}

// The reader's language arrives as its own small chunk; render once it is there. Loading the scripts,
// starting i18next, loading the language's Intl data and the first render each run as a task of their
// own, so a slow phone's main thread is never blocked by all of them at once and can answer input in
// between.
setTimeout(() => void initI18n().finally(() => inTurn([...loadIntlData, render])));
