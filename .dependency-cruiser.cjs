/**
 * The layering the build enforces (npm run depcruise, part of npm run check).
 * Plumbing never imports a domain; domains register themselves in server/app.ts.
 */
const PLUMBING = '^server/(db|http|realtime|collab|cluster|policy|platform)/|^server/(config|logger|errors)\\.ts$';
/**
 * Domains in dependency order: each may import plumbing and the domains before it,
 * never one after it. That keeps the folders free of cycles (a module-level cycle
 * check alone would miss two folders importing each other through different files).
 * A new domain goes where its imports put it; one a domain must call later in the
 * list is handed in at registration (see docs/architecture.md).
 */
const DOMAIN_ORDER = [
  'audit',
  'auth',
  'accounts',
  'network',
  'rooms',
  'threads',
  'plans',
  'roundtables',
  'invitations',
  'seed',
  'admin',
];
const DOMAINS = `^server/(${DOMAIN_ORDER.join('|')}|plans|roundtables)/`;

const domainOrderRules = DOMAIN_ORDER.slice(0, -1).map((domain, i) => ({
  name: `domain-order-${domain}`,
  severity: 'error',
  comment: `server/${domain}/ may import only plumbing and the domains before it: ${DOMAIN_ORDER.slice(0, i).join(', ') || 'none'}.`,
  from: { path: `^server/${domain}/` },
  to: { path: `^server/(${DOMAIN_ORDER.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...domainOrderRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Folders must not import each other in a cycle.',
      from: { path: '^(server|shared|client)/' },
      to: { circular: true },
    },
    {
      name: 'plumbing-not-to-domain',
      severity: 'error',
      comment:
        'Plumbing (db, http, realtime, collab, policy core, config, logger, errors) never imports a domain folder.',
      from: { path: PLUMBING, pathNot: '\\.test\\.ts$' },
      to: { path: DOMAINS },
    },
    {
      name: 'shared-is-the-contract',
      severity: 'error',
      comment: 'shared/ imports nothing from client/ or server/.',
      from: { path: '^shared/' },
      to: { path: '^(client|server)/' },
    },
    {
      name: 'client-not-to-server',
      severity: 'error',
      comment: 'The client talks to the server only through shared/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-to-client',
      severity: 'error',
      comment: 'The server never imports client code.',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
