import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

// The Markdown parser (react-markdown, micromark, mdast/hast) is a third of the app's first script:
// it loads when the first message is shown, which shows its plain text until then.
const Markdown = lazy(() => import('./Markdown').then((m) => ({ default: m.Markdown })));

/** Past this many characters or lines a message starts collapsed. */
const LONG_CHARACTERS = 1200;
const LONG_LINES = 15;

/** A message's text (safe Markdown) in its own direction; a long one is collapsed behind "show more". */
export function MessageBody({ body }: { body: string }) {
  const { t } = useTranslation();
  const id = useId();
  const long = body.length > LONG_CHARACTERS || body.split('\n').length > LONG_LINES;
  const [expanded, setExpanded] = useState(false);
  const collapsed = long && !expanded;
  return (
    <>
      <div id={id} dir="auto" className={collapsed ? 'message-body collapsed' : 'message-body'}>
        <Suspense fallback={<p>{body}</p>}>
          <Markdown text={body} />
        </Suspense>
      </div>
      {long && (
        <button
          type="button"
          className="button-quiet button-small show-more"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('thread.showLess') : t('thread.showMore')}
        </button>
      )}
    </>
  );
}
