import { HUMAN_ROLES, type Actor, type HumanRole } from '@app/domain';

/** Who is calling, from a verified token. Only DOMAIN.md's human roles are ever accepted from a token. */
export interface Principal extends Actor {
  roles: HumanRole[];
}

export function isHumanRole(value: unknown): value is HumanRole {
  return typeof value === 'string' && (HUMAN_ROLES as readonly string[]).includes(value);
}
