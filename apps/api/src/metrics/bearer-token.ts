import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an Authorization header carries exactly this bearer token. Both sides are hashed first, so
 * the comparison takes the same time whatever was sent, its length included.
 */
export function isBearer(header: unknown, token: string): boolean {
  const sent = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header)?.[1] : undefined;
  const same = timingSafeEqual(digest(sent ?? ''), digest(token));
  return sent !== undefined && same;
}
