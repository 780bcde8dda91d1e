import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** A bundle as one reading produced it, kept for the user who read it. */
export interface BundleCopy {
  userId: string;
  designationId: string;
  /** The JSON exactly as the API sends a bundle (JSON.stringify of it), byte for byte. */
  json: string;
}

const ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The bundles the console's court page built, kept a while so that its download and its document
 * for judges are that very bundle. Building another would not do: every reading of an audit trail
 * is recorded in the log, so a later bundle is signed under a later checkpoint, with another root
 * hash than the one the page told the court to quote. Not domain state: losing one means reading
 * the audit trail again.
 */
export class BundleCopies {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(id: string): string {
    return `${this.keyPrefix}console:bundle:${id}`;
  }

  async keep(copy: BundleCopy): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    await this.redis.set(this.key(id), JSON.stringify(copy), 'EX', this.ttlSeconds);
    return id;
  }

  /** The copy, only for the user it was made for and only under its designation. */
  async find(id: string, userId: string, designationId: string): Promise<BundleCopy | undefined> {
    if (!ID.test(id)) return undefined;
    const text = await this.redis.get(this.key(id));
    const copy = text ? (JSON.parse(text) as BundleCopy) : undefined;
    return copy && copy.userId === userId && copy.designationId === designationId ? copy : undefined;
  }
}
