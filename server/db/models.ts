import type { Model } from 'mongoose';

/**
 * A domain's mongoose models, bound to one connection (several app instances can
 * live in one process). Each domain owns a factory; server/app.ts composes them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any schema
export type ModelSet = Record<string, Model<any>>;

/** Builds indexes up front so unique constraints hold from the first write. */
export async function syncIndexes(models: ModelSet): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
