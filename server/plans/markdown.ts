import * as Y from 'yjs';
import { planIntro, planPriorities, readPlan } from '../../shared/plans/doc.js';
import { PLAN_STATUSES, PRIORITY_KINDS, PRIORITY_STATUSES, type PlanStatus } from '../../shared/plans/schemas.js';
import { translatorFor } from '../platform/i18n.js';
import type { PlanNames } from './views.js';

type Labels = ReturnType<typeof labelsFor>;

/** Export labels in the reader's language, from the same locale files as the interface. */
export function labelsFor(lang: string) {
  const t = translatorFor(lang);
  const each = <K extends string>(keys: readonly K[], prefix: string) =>
    Object.fromEntries(keys.map((k) => [k, t(`${prefix}.${k}`)])) as Record<K, string>;
  return {
    kind: each(PRIORITY_KINDS, 'plans.kinds'),
    status: each(PRIORITY_STATUSES, 'plans.statuses'),
    plan: each(PLAN_STATUSES, 'plans.planStatuses'),
    period: t('plans.review.period'),
    planStatus: t('plans.export.planStatus'),
    group: t('rooms.group'),
    priorities: t('plans.export.priorities'),
    kindField: t('plans.kind'),
    statusField: t('plans.status'),
    owner: t('plans.owner'),
    target: t('plans.target'),
    cities: t('plans.cities'),
    carriedFrom: t('plans.carried'),
    nobody: t('plans.export.nobody'),
  };
}

/** Escapes what Markdown would read as syntax in a person's text, so it shows exactly as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]{}<>()#|~!&]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
    .replace(/\r?\n/g, ' ');
}

/** One line of rich text, marks kept (bold, italic, code), text escaped. */
function inline(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[])
      .map(({ insert, attributes }) => {
        if (typeof insert !== 'string' || !insert) return '';
        let s = escapeMarkdown(insert);
        if (attributes?.code) s = `\`${insert.replace(/`/g, '')}\``;
        if (attributes?.bold) s = `**${s}**`;
        if (attributes?.italic) s = `*${s}*`;
        return s;
      })
      .join('');
  }
  if (node.nodeName === 'hardBreak') return '  \n';
  return node
    .toArray()
    .map((child) => inline(child as Y.XmlElement | Y.XmlText))
    .join('');
}

/** Rich text (a y-prosemirror fragment) as Markdown blocks; headings start at `depth`. */
export function fragmentMarkdown(fragment: Y.XmlFragment | Y.XmlElement, depth = 3, indent = ''): string[] {
  const out: string[] = [];
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    switch (child.nodeName) {
      case 'heading': {
        const level = Math.min(6, depth + Number(child.getAttribute('level') ?? 1) - 1);
        out.push(`${indent}${'#'.repeat(level)} ${inline(child)}`);
        break;
      }
      case 'bulletList':
      case 'orderedList':
        child.toArray().forEach((item, i) => {
          const marker = child.nodeName === 'bulletList' ? '-' : `${i + 1}.`;
          const [first = '', ...rest] = fragmentMarkdown(item as Y.XmlElement, depth, `${indent}   `);
          out.push(`${indent}${marker} ${first.trimStart()}`, ...rest);
        });
        break;
      case 'blockquote':
        out.push(...fragmentMarkdown(child, depth, indent).map((line) => `> ${line}`));
        break;
      default:
        out.push(`${indent}${inline(child)}`);
    }
  }
  return out;
}

/** The plan as Markdown: labels in the reader's language, the content as written. */
export function planMarkdown(
  doc: Y.Doc,
  info: { period: string; status: PlanStatus; groupName: string },
  names: PlanNames,
  lang: string,
): string {
  const l: Labels = labelsFor(lang);
  const plan = readPlan(doc);
  const lines: string[] = [
    `# ${escapeMarkdown(plan.title)}`,
    '',
    `- ${l.group}: ${escapeMarkdown(info.groupName)}`,
    `- ${l.period}: ${info.period}`,
    `- ${l.planStatus}: ${l.plan[info.status]}`,
    '',
  ];
  const intro = fragmentMarkdown(planIntro(doc), 2);
  if (intro.length) lines.push(...intro.flatMap((b) => [b, '']));
  lines.push(`## ${l.priorities}`, '');
  plan.priorities.forEach((p, i) => {
    const owner = names.person(p.owner);
    const cities = p.cities.map((c) => names.cities.get(c)?.name ?? c);
    lines.push(`### ${i + 1}. ${escapeMarkdown(p.title)}`, '');
    lines.push(`- ${l.kindField}: ${l.kind[p.kind] ?? p.kind}`);
    lines.push(`- ${l.statusField}: ${l.status[p.status] ?? p.status}`);
    lines.push(`- ${l.owner}: ${owner ? escapeMarkdown(owner.name) : l.nobody}`);
    if (p.target) lines.push(`- ${l.target}: ${p.target}`);
    if (cities.length) lines.push(`- ${l.cities}: ${cities.map(escapeMarkdown).join(', ')}`);
    if (p.carriedFrom) lines.push(`- ${l.carriedFrom}`);
    lines.push('');
    const description = planPriorities(doc).get(p.id)?.get('description');
    if (description instanceof Y.XmlFragment) lines.push(...fragmentMarkdown(description, 4).flatMap((b) => [b, '']));
  });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
