import { z } from 'zod';
import { objectIdSchema } from './common.js';

/** A priority id inside a plan's document (client-generated). */
const priorityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a priority id');
/** What a thread is about: a plan's priority (its comments), a roundtable room (its chat), a group. */
export const threadSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('priority'), planId: objectIdSchema, priorityId: priorityIdSchema }),
  z.object({ kind: z.literal('room'), roomId: objectIdSchema }),
  z.object({ kind: z.literal('group'), groupId: objectIdSchema }),
]);
export type ThreadSubject = z.infer<typeof threadSubjectSchema>;
export type ThreadSubjectKind = ThreadSubject['kind'];

export { subjectKey } from './threadLimits.js';
