import { applyDecorators, createParamDecorator, SetMetadata, UseFilters, UseGuards, type ExecutionContext } from '@nestjs/common';
import type { HumanRole } from '@app/domain';
import { Public } from '../auth/auth.decorators';
import { ConsoleGuard } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import type { Session } from './sessions';
import { CONSOLE_ROLES } from './console.tokens';

/**
 * A controller of pages: no bearer token (the console has its own session cookie), its session and
 * CSRF checked by ConsoleGuard, its errors answered as pages rather than problem+json.
 */
export const Pages = () => applyDecorators(Public(), UseGuards(ConsoleGuard), UseFilters(ConsoleErrorFilter));

/** The page needs a signed-in user with one of these roles (none named: any signed-in user). */
export const SignedIn = (...roles: HumanRole[]) => SetMetadata(CONSOLE_ROLES, roles);

/** The visitor's session, when there is one (ConsoleGuard found it). */
export const VisitorSession = createParamDecorator((_data: unknown, context: ExecutionContext): Session | undefined => context.switchToHttp().getRequest().consoleSession);
