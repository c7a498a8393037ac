// Our CSP forbids eval. zod probes for it when the first object schema is built, unless `jitless` is set.
// The setting is written where zod reads its configuration (`globalThis.__zod_globalConfig`, which zod
// keeps when it finds it), so the first script needs no zod: schemas are only built by pages that load
// later. This module comes first in main.tsx, before any schema can be built.
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

export {};
