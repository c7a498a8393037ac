import { PERMISSIONS, ROLES, type Action } from './permissions.js';
import { COLLAB_RULES, REST_RULES, SOCKET_RULES, type AccessRule } from './rules.js';

const ROLE_LABEL: Record<(typeof ROLES)[number], string> = {
  admin: 'platform admin',
  hub_staff: 'hub staff (their region)',
  chair: 'group chair',
  member: 'group member',
  observer: 'group observer',
  guest: 'roundtable guest',
  committee: 'steering committee (plans of every region)',
  facilitator: 'facilitator (named on one roundtable)',
};

/** The permission table as Markdown; docs/permissions.md embeds it and a test keeps the two equal. */
export function permissionTableMarkdown(): string {
  const actions = Object.keys(PERMISSIONS) as Action[];
  const head = `| action | ${ROLES.map((r) => ROLE_LABEL[r]).join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = actions.map(
    (a) =>
      `| \`${a}\` | ${ROLES.map((r) => ((PERMISSIONS[a] as readonly string[]).includes(r) ? 'yes' : '—')).join(' | ')} |`,
  );
  return [head, rule, ...rows].join('\n');
}

function describeRule(rule: AccessRule): string {
  if (rule.access === 'public') return 'anyone';
  if (rule.access === 'signed_in') return 'signed in';
  return `\`${rule.action}\` on ${rule.scope}`;
}

/** Every channel entry and the rule that guards it, as Markdown. */
export function channelTableMarkdown(): string {
  const rows = [
    ...Object.entries(REST_RULES).map(([key, rule]) => `| REST | \`${key}\` | ${describeRule(rule)} |`),
    ...Object.entries(SOCKET_RULES).map(([key, rule]) => `| Socket.IO | \`${key}\` | ${describeRule(rule)} |`),
    ...Object.entries(COLLAB_RULES).flatMap(([kind, rule]) => [
      `| Yjs | connect to \`/collab/${kind}-<id>\` | \`${rule.connect}\` on the ${kind} |`,
      `| Yjs | send updates to a \`${kind}-…\` document | \`${rule.write}\` on the ${kind} (else dropped and logged) |`,
    ]),
  ];
  return ['| channel | entry | who may |', '| --- | --- | --- |', ...rows].join('\n');
}
