import { z } from 'zod';

export const ROLES = [
  'caseworker',
  'supplier',
  'secretariat',
  'authority',
  'operator',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting. The organisation (the tenant) comes from the verified token only —
 * never from the body, query or headers.
 */
export interface Actor {
  userId: string;
  role: Role;
  /** Municipality code for case workers ("mun-253"), provider id for suppliers, authority id, ... */
  organisationId: string;
  name?: string;
}

/** The claims the suite requires in a token besides iss/aud/exp. */
export const ActorClaims = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  name: z.string().optional(),
});
