import type { ComponentProps } from 'react';
import ReactMarkdown from 'react-markdown';
import { ALLOWED_ELEMENTS, htmlAsText, mentions, safeUrl } from './markdown';

const REMARK_PLUGINS = [htmlAsText, mentions];

/** A link that opens outside the app and passes nothing on; without a safe href it is only its text. */
function Link({ href, children }: ComponentProps<'a'>) {
  if (!href) return <span className="link-refused">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

/**
 * A message's text as a safe Markdown subset (bold, italic, links, lists, quotes, code,
 * `@[mentions]`) through react-markdown: no raw HTML ever becomes an element, only the
 * allow-listed elements are produced, and links are absolute http(s) or mailto.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown
      remarkPlugins={REMARK_PLUGINS}
      allowedElements={ALLOWED_ELEMENTS}
      unwrapDisallowed
      skipHtml
      urlTransform={(url, key) => (key === 'href' ? safeUrl(url) : null)}
      components={{ a: Link }}
    >
      {text}
    </ReactMarkdown>
  );
}
