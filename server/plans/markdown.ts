import * as Y from 'yjs';
import { planIntro, planPriorities, readPlan } from '../../shared/plans/doc.js';
import type { PlanStatus, PriorityKind, PriorityStatus } from '../../shared/plans/schemas.js';
import type { PlanNames } from './views.js';

interface Labels {
  kind: Record<PriorityKind, string>;
  status: Record<PriorityStatus, string>;
  plan: Record<PlanStatus, string>;
  period: string;
  planStatus: string;
  group: string;
  priorities: string;
  kindField: string;
  statusField: string;
  owner: string;
  target: string;
  cities: string;
  carriedFrom: string;
  nobody: string;
  exported: string;
}

/** Export labels per UI language; a language missing here falls back to English. */
export const EXPORT_LABELS: Record<string, Labels> = {
  en: {
    kind: {
      training: 'Training & capacity building',
      partnerships: 'Partnerships',
      advocacy: 'Advocacy',
      policy_outputs: 'Policy & communications outputs',
    },
    status: { proposed: 'Proposed', agreed: 'Agreed', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' },
    plan: { draft: 'Draft', review: 'In review', adopted: 'Adopted' },
    period: 'Period',
    planStatus: 'Plan status',
    group: 'Group',
    priorities: 'Priorities',
    kindField: 'Kind',
    statusField: 'Status',
    owner: 'Owner',
    target: 'Target',
    cities: 'Linked cities',
    carriedFrom: 'Carried over from the previous period',
    nobody: 'not assigned',
    exported: 'Exported',
  },
  ar: {
    kind: {
      training: 'التدريب وبناء القدرات',
      partnerships: 'الشراكات',
      advocacy: 'المناصرة',
      policy_outputs: 'مخرجات السياسات والاتصال',
    },
    status: { proposed: 'مقترحة', agreed: 'متفق عليها', in_progress: 'قيد التنفيذ', done: 'منجزة', dropped: 'متروكة' },
    plan: { draft: 'مسودة', review: 'قيد المراجعة', adopted: 'معتمدة' },
    period: 'الفترة',
    planStatus: 'حالة الخطة',
    group: 'المجموعة',
    priorities: 'الأولويات',
    kindField: 'النوع',
    statusField: 'الحالة',
    owner: 'المسؤول',
    target: 'الموعد المستهدف',
    cities: 'المدن المرتبطة',
    carriedFrom: 'منقولة من الفترة السابقة',
    nobody: 'غير محدد',
    exported: 'تاريخ التصدير',
  },
};

export function labelsFor(lang: string): Labels {
  return EXPORT_LABELS[lang.toLowerCase().split(/[-_]/)[0] ?? 'en'] ?? EXPORT_LABELS.en!;
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
  const l = labelsFor(lang);
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
