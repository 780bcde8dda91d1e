import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HumanRole } from '@app/domain';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { AuthenticationError, JwtVerifier } from './jwt.verifier';

/**
 * Secure by default: every route needs a valid bearer token unless marked @Public(), and a route
 * without @Roles() is open to any authenticated principal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers?.authorization;
    // The scheme name is case-insensitive (RFC 9110 §11.1); the token is a compact JWS.
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_\-.]+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
    const required = this.reflector.getAllAndOverride<HumanRole[]>(REQUIRED_ROLES, targets) ?? [];
    if (required.length > 0 && !required.some((role) => request.principal.roles.includes(role))) {
      throw new ForbiddenException(`This requires one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
