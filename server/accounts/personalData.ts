import type { Actor } from '../policy/policy.js';

/**
 * A domain's part of a person's data. The accounts domain asks every registered
 * part for an export, and tells each when the account is deleted or erased,
 * instead of reaching into every collection itself.
 */
export interface PersonalData {
  /** The key of this part in the export (e.g. `messages`). */
  readonly key: string;
  /** What this domain holds of the person, as plain JSON. */
  export(userId: string): Promise<unknown>;
  /** The account is being deleted: drop or anonymise what must not outlive it. */
  onAccountDeleted?(person: Actor): Promise<void>;
  /** An admin carries out an erasure request; returns how many records were erased. */
  erase?(userId: string): Promise<number>;
}
