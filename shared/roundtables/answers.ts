// Plain values of the roundtables contract, without zod, for the client's first script
// (schemas.ts re-exports and uses them).

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
