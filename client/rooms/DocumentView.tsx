import { Fragment, type ReactNode } from 'react';
import type { XmlElement, XmlFragment, XmlText } from 'yjs';
import { textDirection } from './textDirection';

/**
 * An address the editor's Link mark would render: one of its protocols (Tiptap's list, which holds
 * ours), or an address with no protocol (`/path`, `#part`, `example.org`); otherwise none, so a
 * `javascript:` address stays inert.
 */
const ALLOWED_HREF = /^(?:(?:https?|ftps?|mailto|tel|callto|sms|cid|xmpp):|[^a-z]|[a-z0-9+.-]+(?:[^a-z+.:-]|$))/i;
// what browsers skip in an address's scheme (controls, spaces) may not hide its protocol
const IGNORED = /[\s\p{Cc}\u180E\u200B-\u200D\u2060]/gu;

export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string' || !href) return undefined;
  return ALLOWED_HREF.test(href.replace(IGNORED, '')) ? href : undefined;
}

type Delta = { insert: unknown; attributes?: Record<string, Record<string, unknown> | undefined> }[];
type Item = XmlElement | XmlText;

const isText = (item: Item): item is XmlText => 'toDelta' in item;

/** A mark as the Yjs binding stores it: its name, with `--hash` when marks of one kind overlap. */
const markName = (key: string) => key.replace(/--.*$/, '');

function marked(text: string, attributes: Delta[number]['attributes'], key: number): ReactNode {
  let node: ReactNode = text;
  // innermost first, as the editor nests them
  const marks = Object.entries(attributes ?? {}).map(([name, attrs]) => [markName(name), attrs ?? {}] as const);
  const has = (name: string) => marks.find(([n]) => n === name);
  if (has('code')) node = <code>{node}</code>;
  if (has('underline')) node = <u>{node}</u>;
  if (has('strike')) node = <s>{node}</s>;
  if (has('italic')) node = <em>{node}</em>;
  if (has('bold')) node = <strong>{node}</strong>;
  const link = has('link');
  if (link)
    node = (
      <a href={safeHref(link[1].href)} target="_blank" rel="noopener noreferrer nofollow">
        {node}
      </a>
    );
  return <Fragment key={key}>{node}</Fragment>;
}

/** The plain text of an element, for the direction of a list as the editor computes it. */
function plainText(item: Item): string {
  if (isText(item))
    return (item.toDelta() as Delta).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
  return (item.toArray() as Item[]).map(plainText).join('');
}

function inline(items: Item[]): ReactNode[] {
  const out: ReactNode[] = [];
  items.forEach((item, i) => {
    if (isText(item)) {
      (item.toDelta() as Delta).forEach((d, j) => {
        if (typeof d.insert === 'string') out.push(marked(d.insert, d.attributes, i * 1000 + j));
      });
    } else if (item.nodeName === 'hardBreak') out.push(<br key={i} />);
  });
  return out;
}

function block(item: Item, key: number): ReactNode {
  if (isText(item)) return null;
  const children = item.toArray() as Item[];
  const attrs = item.getAttributes() as Record<string, unknown>;
  const blocks = () => children.map(block);
  const text = () => {
    const content = inline(children);
    // an empty text block keeps its line, as the editor's trailing break does
    return content.length ? content : <br className="ProseMirror-trailingBreak" />;
  };
  switch (item.nodeName) {
    case 'paragraph':
      return (
        <p key={key} dir="auto">
          {text()}
        </p>
      );
    case 'heading': {
      // the editor allows levels 2 and 3 (the page's h1 is the room's title)
      const Heading = attrs.level === 3 ? 'h3' : 'h2';
      return (
        <Heading key={key} dir="auto">
          {text()}
        </Heading>
      );
    }
    case 'blockquote':
      return (
        <blockquote key={key} dir="auto">
          {blocks()}
        </blockquote>
      );
    case 'bulletList':
    case 'orderedList': {
      // a list takes the direction of its own text (ListDirection in the editor)
      const List = item.nodeName === 'bulletList' ? 'ul' : 'ol';
      const ordered = List === 'ol';
      const start = ordered && typeof attrs.start === 'number' && attrs.start !== 1 ? attrs.start : undefined;
      const type = ordered && typeof attrs.type === 'string' && /^[aAiI1]$/.test(attrs.type) ? attrs.type : undefined;
      return (
        <List key={key} start={start} type={type as '1' | undefined} dir={textDirection(plainText(item)) ?? undefined}>
          {blocks()}
        </List>
      );
    }
    case 'listItem':
      return (
        <li key={key} dir={textDirection(plainText(item)) ?? undefined}>
          {blocks()}
        </li>
      );
    case 'codeBlock':
      return (
        <pre key={key}>
          <code className={typeof attrs.language === 'string' ? `language-${attrs.language}` : undefined}>
            {children.map((c) => (isText(c) ? c.toString() : '')).join('')}
          </code>
        </pre>
      );
    case 'horizontalRule':
      return <hr key={key} />;
    default:
      // a node the editor's schema does not have: the editor drops it too
      return null;
  }
}

/**
 * The shared document drawn from its Yjs content with React elements, as the editor draws it
 * (same elements, directions and classes), for the moments before the editor has loaded. User text is
 * only ever text nodes here and link addresses pass `safeHref`: nothing is rendered as HTML.
 */
export function DocumentContent({ fragment, placeholder }: { fragment: XmlFragment; placeholder?: string }) {
  const items = fragment.toArray() as Item[];
  const empty =
    items.length === 0 ||
    (items.length === 1 && !isText(items[0]!) && items[0]!.nodeName === 'paragraph' && items[0]!.length === 0);
  if (empty)
    return (
      <p dir="auto" className={placeholder ? 'is-empty is-editor-empty' : undefined} data-placeholder={placeholder}>
        <br className="ProseMirror-trailingBreak" />
      </p>
    );
  return <>{items.map(block)}</>;
}
