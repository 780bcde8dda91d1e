import type { Actor } from '@app/domain';
import type { Session } from './sessions';

/** The signed-in user as the domain's actor: the same shape a verified token gives the JSON API. */
export function actorOf(session: Session): Actor & { roles: NonNullable<Session['data']['user']>['roles'] } {
  const user = session.data.user!;
  return { id: user.id, roles: user.roles, ...(user.ministry ? { ministry: user.ministry } : {}) };
}
