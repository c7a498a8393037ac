import { visit, SKIP } from 'unist-util-visit';

/** The few Markdown syntax tree (mdast) fields these plugins touch. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: Record<string, unknown>;
}
type Root = MdNode & { children: MdNode[] };

/**
 * The elements a message may produce. Everything else the Markdown parser finds (headings,
 * images, tables …) is unwrapped to its text; raw HTML never becomes elements (see `htmlAsText`).
 */
export const ALLOWED_ELEMENTS = ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'span'];

const SAFE_PROTOCOLS = /^(https?|mailto):/i;

/**
 * Only absolute http(s) and mailto links are links; anything else (javascript:, data:, vbscript:,
 * relative or protocol-relative URLs, encoded tricks) gets no href and shows as plain text.
 * Control characters and spaces are removed first, as browsers do before reading a scheme.
 */
export function safeUrl(url: string): string | null {
  // eslint-disable-next-line no-control-regex -- exactly the characters a browser ignores in a scheme
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (!SAFE_PROTOCOLS.test(cleaned)) return null;
  try {
    const parsed = new URL(cleaned);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** `@[Name]`: how the composer writes a mention into a message (the ids travel beside it). */
export const MENTION_PATTERN = /@\[([^\]\n]{1,80})\]/g;

/** A mention as the composer inserts it. */
export const mentionText = (name: string) => `@[${name.replace(/[\]\n]/g, '')}]`;

/** Raw HTML in a message is shown as the text it is, never parsed into elements. */
export function htmlAsText() {
  return (tree: Root) => {
    visit(tree, 'html', (node: MdNode, index, parent: MdNode | undefined) => {
      if (!parent?.children || index === undefined) return;
      parent.children[index] = { type: 'text', value: node.value };
      return SKIP;
    });
  };
}

/** `@[Name]` in text becomes `<span class="mention">@Name</span>`. */
export function mentions() {
  return (tree: Root) => {
    visit(tree, 'text', (node: MdNode, index, parent: MdNode | undefined) => {
      const value = node.value ?? '';
      if (!parent?.children || index === undefined || !value.includes('@[')) return;
      const parts: MdNode[] = [];
      let last = 0;
      for (const match of value.matchAll(MENTION_PATTERN)) {
        if (match.index > last) parts.push({ type: 'text', value: value.slice(last, match.index) });
        const label = `@${match[1]}`;
        parts.push({
          type: 'text',
          value: label,
          data: { hName: 'span', hProperties: { className: ['mention'] }, hChildren: [{ type: 'text', value: label }] },
        });
        last = match.index + match[0].length;
      }
      if (parts.length === 0) return;
      if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}

/** A message as one line of plain text (Markdown marks dropped) for excerpts: pins, search, notifications. */
export function plainExcerpt(body: string, length: number): string {
  const text = body
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(MENTION_PATTERN, '@$1')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/^\s*(>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
