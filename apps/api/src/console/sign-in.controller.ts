import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Optional, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { HUMAN_ROLES, type HumanRole } from '@app/domain';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import { CONSOLE_OIDC, CONSOLE_SESSIONS } from './console.tokens';
import type { FormBody } from './console-http';
import { OidcSignIn, SignInRefused } from './oidc-sign-in';
import { Pages, safeReturnPath } from './pages';
import { ConsoleSessions, type Session } from './sessions';
import { field, type FieldErrors, errorList } from './forms';

const USER_ID = /^[A-Za-z0-9._@-]{1,100}$/;
const MINISTRY = /^[A-Za-z0-9._-]{1,100}$/;

/** Signing in and out: through the configured OpenID provider, or, in development only, by picking who to be. */
@ApiExcludeController()
@PagesController()
@Controller('console')
export class SignInController {
  constructor(
    private readonly pages: Pages,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CONSOLE_OIDC) private readonly oidc: OidcSignIn | null,
  ) {}

  @Get()
  @SignedIn()
  home(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    return this.pages.send(reply, session, 'home.njk', { title: 'Your work' });
  }

  @Get('sign-in')
  async signInPage(@VisitorSession() session: Session | undefined, @Query('next') next: unknown, @Res() reply: FastifyReply) {
    if (session?.data.user) return this.pages.seeOther(reply, safeReturnPath(next));
    const visitor = session ?? (await this.startAnonymous(reply));
    return this.renderSignIn(reply, visitor, { next: safeReturnPath(next), values: {}, fieldErrors: {} });
  }

  @Post('sign-in')
  @HttpCode(200)
  async developmentSignIn(@VisitorSession() session: Session, @Body() body: FormBody, @Res() reply: FastifyReply) {
    if (!this.config.console.developmentSignIn) throw new NotFoundException();
    const values = { userId: field(body, 'userId'), name: field(body, 'name'), ministry: field(body, 'ministry') };
    const roles = ([] as string[]).concat(body.roles ?? []).filter((role): role is HumanRole => (HUMAN_ROLES as readonly string[]).includes(role));
    const fieldErrors: FieldErrors = {};
    if (!USER_ID.test(values.userId)) fieldErrors.userId = { text: 'Enter a user id of letters, digits and . _ @ - (up to 100)' };
    if (values.name.length > 200) fieldErrors.name = { text: 'Your name must be 200 characters or fewer' };
    if (roles.length === 0) fieldErrors.roles = { text: 'Select at least one role' };
    if (roles.includes('reviewer') && !MINISTRY.test(values.ministry)) fieldErrors.ministry = { text: 'Enter the ministry you review for, in letters, digits and . _ -' };
    if (Object.keys(fieldErrors).length > 0) {
      return this.renderSignIn(reply, session, { next: safeReturnPath(body.next), values: { ...values, roles }, fieldErrors }, 400);
    }
    const signedIn = await this.sessions.signIn(session, {
      id: values.userId,
      name: values.name || values.userId,
      roles,
      ...(values.ministry && MINISTRY.test(values.ministry) ? { ministry: values.ministry } : {}),
      via: 'development',
    });
    this.pages.setSessionCookie(reply, signedIn);
    return this.pages.seeOther(reply, safeReturnPath(body.next));
  }

  /** To the provider, with state, nonce and a PKCE challenge kept in this (signed-out) session. */
  @Get('sign-in/start')
  async start(@VisitorSession() session: Session | undefined, @Query('next') next: unknown, @Res() reply: FastifyReply) {
    if (!this.oidc) throw new NotFoundException();
    const { url, pending } = await this.oidc.start(safeReturnPath(next));
    const visitor = session ?? (await this.startAnonymous(reply));
    visitor.data.pending = pending;
    await this.sessions.save(visitor);
    return this.pages.seeOther(reply, url);
  }

  @Get('sign-in/callback')
  async callback(@VisitorSession() session: Session | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.oidc) throw new NotFoundException();
    const pending = session?.data.pending;
    if (!session || !pending) throw new ForbiddenException('This sign-in was not started here, or it has already been used. Sign in again.');
    // The pending sign-in is spent whatever happens next: a callback can be used once.
    delete session.data.pending;
    await this.sessions.save(session);
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    try {
      const { user, idToken } = await this.oidc.finish(search, pending);
      const signedIn = await this.sessions.signIn(session, user, idToken);
      this.pages.setSessionCookie(reply, signedIn);
      return this.pages.seeOther(reply, pending.next);
    } catch (error) {
      if (error instanceof SignInRefused) throw new ForbiddenException(`The sign-in was refused: ${error.message}. Sign in again.`);
      throw error;
    }
  }

  /** Ends the session here and, with a provider, there too (RP-initiated logout). */
  @Post('sign-out')
  async signOut(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    await this.sessions.end(session.id);
    this.pages.clearSessionCookie(reply);
    const atProvider = this.oidc && session.data.user?.via === 'oidc' ? await this.oidc.endSessionUrl(session.data.idToken) : undefined;
    return this.pages.seeOther(reply, atProvider ?? '/console/signed-out');
  }

  @Get('signed-out')
  signedOut(@VisitorSession() session: Session | undefined, @Res() reply: FastifyReply) {
    return this.pages.send(reply, session, 'signed-out.njk', { title: 'You have signed out', provider: Boolean(this.oidc) });
  }

  private async startAnonymous(reply: FastifyReply): Promise<Session> {
    const session = await this.sessions.start();
    this.pages.setSessionCookie(reply, session);
    return session;
  }

  private renderSignIn(reply: FastifyReply, session: Session, form: { next: string; values: Record<string, unknown>; fieldErrors: FieldErrors }, status = 200) {
    const chosen = (form.values.roles as string[] | undefined) ?? [];
    return this.pages.send(reply, session, 'sign-in.njk', {
      title: 'Sign in',
      provider: Boolean(this.oidc),
      development: this.config.console.developmentSignIn,
      next: form.next,
      values: form.values,
      fieldErrors: form.fieldErrors,
      errors: errorList(form.fieldErrors),
      roleItems: HUMAN_ROLES.map((role) => ({ value: role, text: role.replace('_', ' '), checked: chosen.includes(role) })),
    }, { status });
  }
}
