import { ForbiddenException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HumanRole } from '@app/domain';
import { CsrfRefused, SignInRequired } from './console.errors';
import { CONSOLE_ROLES, CONSOLE_SESSIONS } from './console.tokens';
import { ConsoleSessions, SESSION_COOKIE, sameToken } from './sessions';

/**
 * Every page request: finds the visitor's session, refuses a form post that does not carry the
 * session's CSRF token (before anything else, so a forged post learns nothing), then checks that the
 * page's roles are the user's. Runs after the global guards (rate limiting).
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const session = await this.sessions.find(request.cookies?.[SESSION_COOKIE]);
    request.consoleSession = session;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const given = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>)._csrf : undefined;
      if (!session || !sameToken(given, session.data.csrf)) throw new CsrfRefused();
    }
    const roles = this.reflector.getAllAndOverride<HumanRole[] | undefined>(CONSOLE_ROLES, [context.getHandler(), context.getClass()]);
    if (roles === undefined) return true;
    const user = session?.data.user;
    if (!user) throw new SignInRequired(request.method === 'GET' ? request.url : '/console');
    if (roles.length > 0 && !roles.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`This needs one of the roles: ${roles.map((role) => role.replace('_', ' ')).join(', ')}`);
    }
    // Signed-in requests keep the session alive.
    await this.sessions.touch(session!);
    return true;
  }
}
