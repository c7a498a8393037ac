import './app/zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import './ui/styles.css';
import './ui/room.css';
import './ui/pages.css';
import './ui/forms.css';
import './ui/details.css';

// the reader's language arrives as its own small chunk; render once it is there
void initI18n().finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
