import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import './ui/styles.css';

// our CSP forbids eval; tell zod not to probe for it
z.config({ jitless: true });
initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
