import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { HumanRole } from '@app/domain';
import { ConsoleViews, RenderedFragments, type ViewContext } from './views';
import { CONSOLE_SESSIONS } from './console.tokens';
import { ConsoleSessions, SESSION_COOKIE, type Session } from './sessions';

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/** Where each role does its daily work; the header shows a signed-in user the places their roles open. */
const PLACES: { href: string; text: string; roles: HumanRole[] }[] = [
  { href: '/console/designations', text: 'Designations', roles: ['official', 'senior_official', 'court'] },
  { href: '/console/approvals', text: 'Approvals', roles: ['senior_official'] },
  { href: '/console/reviews', text: 'Reviews', roles: ['reviewer'] },
];

export function navigationFor(session: Session | undefined, path: string): NavItem[] {
  const roles = session?.data.user?.roles ?? [];
  const items = PLACES.filter((place) => place.roles.some((role) => roles.includes(role))).map(({ href, text }) => ({ href, text }));
  items.push({ href: '/register', text: 'Public register' });
  return items.map((item) => ({ ...item, active: path === item.href || path.startsWith(`${item.href}/`) || path.startsWith(`${item.href}?`) }));
}

export interface PageOptions {
  status?: number;
  /** A kept fragment, already bytes, sent where the template writes `{{ body | safe }}` (see RenderedFragments). */
  body?: Buffer;
  /** Pages of signed-in users are never stored (they may show classified evidence); the public register may be. */
  cacheControl?: string;
}

/** Renders a page into the reply: the layout's context (user, CSRF token, navigation) added to the page's own. */
@Injectable()
export class Pages {
  /** The header's menu and phase banner by menu (which places, which one current). */
  private readonly chrome = new RenderedFragments(200);

  constructor(
    private readonly views: ConsoleViews,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
  ) {}

  /** A page; a one-time message waiting in the session (a confirmation) is shown on it and spent. */
  async send(reply: FastifyReply, session: Session | undefined, template: string, context: ViewContext, options: PageOptions = {}): Promise<FastifyReply> {
    const path = reply.request.url;
    const flash = session?.data.flash;
    if (session && flash) {
      delete session.data.flash;
      await this.sessions.save(session);
    }
    const navigation = navigationFor(session, path);
    const chrome = this.chrome.get(JSON.stringify(navigation), () => this.views.render('_chrome.njk', { navigation })).toString();
    const html = this.views.render(template, {
      flash,
      ...context,
      ...(options.body ? { body: FRAGMENT } : {}),
      user: session?.data.user,
      csrf: session?.data.csrf,
      navigation,
      chrome,
      path,
    });
    return reply
      .code(options.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      // A signed-in user's page carries their name and CSRF token: never stored, whatever the page allows the public.
      .header('cache-control', session?.data.user ? 'no-store' : (options.cacheControl ?? 'no-store'))
      // The same address is a different page signed in (the header names the user): caches keep them apart.
      .header('vary', 'Cookie')
      .send(options.body ? withFragment(html, options.body) : html);
  }

  /** 303 See Other: after a form post, the browser asks for the next page with GET. */
  seeOther(reply: FastifyReply, location: string): FastifyReply {
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  }

  /** The session's id in its cookie: HttpOnly, Secure, SameSite=Lax, for the whole site (a __Host- cookie). */
  setSessionCookie(reply: FastifyReply, session: Session): void {
    reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
  }
}

/** Where a kept fragment goes: a text no template or value writes (NUL is not allowed in HTML). */
const FRAGMENT = '\u0000fragment\u0000';

/** The page as bytes, its fragment spliced in without encoding the fragment's text again. */
function withFragment(html: string, body: Buffer): Buffer {
  const at = html.indexOf(FRAGMENT);
  if (at === -1) throw new Error('the page template does not write its body');
  return Buffer.concat([Buffer.from(html.slice(0, at)), body, Buffer.from(html.slice(at + FRAGMENT.length))]);
}

/** A return address after sign-in must be a page of the console: never another site (open redirect). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string') return '/console';
  return /^\/(?:console|register)(?:[/?#][^\\]*)?$/.test(value) && !value.startsWith('//') ? value : '/console';
}
