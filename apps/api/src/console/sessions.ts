import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import type { HumanRole } from '@app/domain';

/** Who is signed in to the console, as the provider (or the development sign-in) vouched. */
export interface ConsoleUser {
  id: string;
  name: string;
  roles: HumanRole[];
  ministry?: string;
  via: 'oidc' | 'development';
}

/** A sign-in under way at the provider: what the callback must match (RFC 9700 §2.1.1: state, nonce, PKCE). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

export interface SessionData {
  /** The synchroniser token every form of this session carries. */
  csrf: string;
  createdAt: number;
  /** When the idle clock was last restarted. */
  touchedAt?: number;
  user?: ConsoleUser;
  /** The provider's ID token, kept to end the session there on sign-out (id_token_hint). */
  idToken?: string;
  pending?: PendingSignIn;
  /** Answers of unfinished question-page flows, by draft id. */
  drafts?: Record<string, Record<string, unknown>>;
  /** The log position of the user's last command: lists read from the read models wait for it (read your writes). */
  lastPosition?: number;
  /** A one-time message for the next page (a confirmation). */
  flash?: { title: string; body?: string };
}

export interface Session {
  /** The id the cookie carries; in Redis only its SHA-256 is a key, so a dump of Redis signs nobody in. */
  id: string;
  data: SessionData;
}

export const SESSION_COOKIE = '__Host-console-session';

const ID = /^[A-Za-z0-9_-]{43}$/;

const newId = (): string => randomBytes(32).toString('base64url');

/**
 * Console sessions in Redis, expiring after `idleMinutes` without use and `maxHours` after they
 * began. Sessions are not domain state: losing them signs people out and loses nothing recorded.
 */
export class ConsoleSessions {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly idleMinutes: number,
    private readonly maxHours: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get idleSeconds(): number {
    return this.idleMinutes * 60;
  }

  private key(id: string): string {
    return `${this.keyPrefix}console:session:${createHash('sha256').update(id).digest('base64url')}`;
  }

  /** A new, signed-out session (it carries a CSRF token for the sign-in form and any pending sign-in). */
  async start(data: Partial<SessionData> = {}): Promise<Session> {
    const session = { id: newId(), data: { csrf: newId(), createdAt: this.clock(), ...data } };
    await this.save(session);
    return session;
  }

  async find(id: string | undefined): Promise<Session | undefined> {
    if (!id || !ID.test(id)) return undefined;
    const text = await this.redis.get(this.key(id));
    if (!text) return undefined;
    const data = JSON.parse(text) as SessionData;
    if (this.clock() - data.createdAt > this.maxHours * 3_600_000) {
      await this.end(id);
      return undefined;
    }
    return { id, data };
  }

  /** Restarts the idle clock, at most once a minute: a page view costs one Redis read, not a read and a write. */
  async touch(session: Session): Promise<void> {
    const now = this.clock();
    if (now - (session.data.touchedAt ?? session.data.createdAt) < 60_000) return;
    await this.save(session);
  }

  /** Saves the session and restarts its idle clock. */
  async save(session: Session): Promise<void> {
    session.data.touchedAt = this.clock();
    const left = Math.ceil((session.data.createdAt + this.maxHours * 3_600_000 - this.clock()) / 1000);
    await this.redis.set(this.key(session.id), JSON.stringify(session.data), 'EX', Math.max(1, Math.min(this.idleSeconds, left)));
  }

  /**
   * Signing in: the old id is ended and the user gets a new id and a new CSRF token, so an id
   * planted before sign-in (session fixation) signs its planter in to nothing.
   */
  async signIn(old: Session | undefined, user: ConsoleUser, idToken?: string): Promise<Session> {
    if (old) await this.end(old.id);
    const session = { id: newId(), data: { csrf: newId(), createdAt: this.clock(), user, idToken } };
    await this.save(session);
    return session;
  }

  async end(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
