import { z } from 'zod';

// Our CSP forbids eval. zod probes for it when the first object schema is built, which happens
// while modules load, so this module must be imported before any schema (first in main.tsx).
z.config({ jitless: true });
