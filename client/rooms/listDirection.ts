import { Extension } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { textDirection } from './textDirection';

const LIST_TYPES = new Set(['bulletList', 'orderedList', 'listItem']);

function decorate(doc: PmNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!LIST_TYPES.has(node.type.name)) return true;
    const dir = textDirection(node.textContent);
    if (dir) decorations.push(Decoration.node(pos, pos + node.nodeSize, { dir }));
    return true;
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * A list and each of its items take the direction of their own text, so bullets and numbers sit beside Arabic text on
 * the right and beside English on the left, whatever the interface language. (`dir="auto"` on
 * the list cannot do this: it skips the items' paragraphs, which carry their own `dir`.)
 */
export const ListDirection = Extension.create({
  name: 'listDirection',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('listDirection'),
        state: {
          init: (_, { doc }) => decorate(doc),
          apply: (tr, old) => (tr.docChanged ? decorate(tr.doc) : old),
        },
        props: {
          decorations(state) {
            return this.getState(state);
          },
        },
      }),
    ];
  },
});
