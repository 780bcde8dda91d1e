/** The principals of DOMAIN.md, "Who uses it". `public` acts without credentials and commands nothing. */
export const HUMAN_ROLES = ['official', 'senior_official', 'reviewer', 'court'] as const;
export type HumanRole = (typeof HUMAN_ROLES)[number];

/**
 * `system` is the service itself (deadline jobs). It is not one of DOMAIN.md's roles on purpose:
 * no credential may carry it, so only the worker can issue system commands.
 */
export type Role = HumanRole | 'system';

export interface Actor {
  id: string;
  roles: Role[];
  /** The ministry a reviewer acts for. */
  ministry?: string;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', roles: ['system'] }) as Actor;
