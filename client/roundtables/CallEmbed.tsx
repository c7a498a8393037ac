import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A Jitsi call shown beside the roundtable, on request ("Show the call here"). The frame gets
 * only what a call needs: scripts and its own origin's storage inside a sandbox, camera,
 * microphone, screen sharing and fullscreen — never top-level navigation or our origin.
 * The server's CSP lets the page frame that Jitsi origin and no other.
 */
export function CallEmbed({ src }: { src: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <section aria-labelledby="call-title" className="live-card call-embed">
      <h2 id="call-title">{t('roundtables.call.title')}</h2>
      <button type="button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
        {shown ? t('roundtables.call.hide') : t('roundtables.call.show')}
      </button>
      {shown && (
        <iframe
          src={src}
          title={t('roundtables.call.frame')}
          allow="camera; microphone; display-capture; fullscreen; autoplay; clipboard-write"
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          allowFullScreen
        />
      )}
    </section>
  );
}
