import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentContent, safeHref } from './DocumentView';

type Run = [string, Record<string, unknown>?];

/** A block as the editor's Yjs binding stores it: an element holding text runs with marks. */
function block(fragment: Y.XmlFragment | Y.XmlElement, name: string, runs: Run[], attrs: Record<string, unknown> = {}) {
  const element = new Y.XmlElement(name);
  fragment.insert(fragment.length, [element]);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string);
  const text = new Y.XmlText();
  element.insert(0, [text]);
  let at = 0;
  for (const [insert, marks] of runs) {
    text.insert(at, insert, marks ?? {});
    at += insert.length;
  }
  return element;
}

function html(build: (fragment: Y.XmlFragment) => void, placeholder?: string): string {
  const fragment = new Y.Doc().getXmlFragment('default');
  build(fragment);
  return renderToStaticMarkup(createElement(DocumentContent, { fragment, placeholder }));
}

describe('safeHref', () => {
  it('keeps the addresses the editor renders', () => {
    for (const href of [
      'https://example.org/a?b#c',
      'http://x.test',
      'mailto:a@b.test',
      '/rooms/1',
      '#part',
      'example.org',
    ])
      expect(safeHref(href)).toBe(href);
  });

  it('drops script and data addresses, however they are spelled', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'javascript\u200b:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
    ])
      expect(safeHref(href), JSON.stringify(href)).toBeUndefined();
    expect(safeHref(42)).toBeUndefined();
    expect(safeHref('')).toBeUndefined();
  });
});

describe('DocumentContent', () => {
  it('shows typed HTML as text and a javascript: link without its address', () => {
    const out = html((f) =>
      block(f, 'paragraph', [
        ['<img src=x onerror=alert(1)> '],
        ['not a script', { link: { href: 'javascript:alert(1)' } }],
        [' and '],
        ['a real link', { link: { href: 'https://example.org/' }, bold: {} }],
      ]),
    );
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<a target="_blank" rel="noopener noreferrer nofollow">not a script</a>');
    expect(out).toContain(
      '<a href="https://example.org/" target="_blank" rel="noopener noreferrer nofollow"><strong>a real link</strong></a>',
    );
  });

  it('draws blocks as the editor does: directions, heading levels, lists, breaks', () => {
    const out = html((f) => {
      block(f, 'heading', [['Priorities']], { level: 3 });
      const list = new Y.XmlElement('bulletList');
      f.insert(f.length, [list]);
      const item = new Y.XmlElement('listItem');
      list.insert(0, [item]);
      block(item, 'paragraph', [['التعاون الوطني']]);
      block(f, 'paragraph', []);
      block(f, 'unknownNode', [['dropped, as the editor drops it']]);
    });
    expect(out).toBe(
      '<h3 dir="auto">Priorities</h3>' +
        '<ul dir="rtl"><li dir="rtl"><p dir="auto">التعاون الوطني</p></li></ul>' +
        '<p dir="auto"><br class="ProseMirror-trailingBreak"/></p>',
    );
  });

  it('shows the placeholder in an empty document, only when one is given (the document is editable)', () => {
    expect(html(() => {}, 'Write here')).toBe(
      '<p dir="auto" class="is-empty is-editor-empty" data-placeholder="Write here"><br class="ProseMirror-trailingBreak"/></p>',
    );
    expect(html(() => {})).toBe('<p dir="auto"><br class="ProseMirror-trailingBreak"/></p>');
  });
});
