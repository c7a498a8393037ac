import { z } from 'zod';
import { ROUNDTABLE_LANGUAGES } from '../languages.js';
import type { Abilities } from '../permissions.js';
import { objectIdSchema } from './common.js';

export interface RoomView {
  id: string;
  title: string;
  documentName: string;
  languages: string[];
  group: { id: string; name: string; kind: string } | null;
  hub: { id: string; name: string } | null;
  /** What the viewer may do here, derived by the server from its permission table. */
  abilities: Abilities<'room'>;
  createdAt: string;
  updatedAt: string;
}

export interface PresenceEntry {
  userId: string;
  name: string;
  color: string;
}

export const roomCreateSchema = z.object({
  title: z.string().trim().min(1).max(200),
  languages: z.array(z.enum(ROUNDTABLE_LANGUAGES)).min(1).max(10),
});

export const roomJoinSchema = z.object({ roomId: objectIdSchema });
export type RoomJoinPayload = z.infer<typeof roomJoinSchema>;
