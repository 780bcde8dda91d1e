import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';

/** Who sends a command and under which conditions: the part of a request every command shares. */
export interface CommandRequest {
  actor: Principal;
  /** From `If-Match`: the revision the caller last saw. */
  expectedRevision?: number;
  /** From `Idempotency-Key`: a retry with the same key records nothing new. */
  idempotencyKey?: string;
  correlationId: string;
}

const ETAG = /^(?:W\/)?"(\d{1,15})"$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const Command = createParamDecorator((_data: unknown, context: ExecutionContext): CommandRequest => {
  const request = context.switchToHttp().getRequest();
  const ifMatch = header(request.headers, 'if-match');
  const idempotencyKey = header(request.headers, 'idempotency-key');
  if (ifMatch !== undefined && !ETAG.test(ifMatch)) {
    throw new BadRequestException('If-Match must be an ETag this service issued, e.g. "3"');
  }
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return {
    actor: request.principal,
    expectedRevision: ifMatch === undefined ? undefined : Number(ETAG.exec(ifMatch)![1]),
    idempotencyKey,
    correlationId: String(request.id),
  };
});

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) throw new BadRequestException(`${name} may be given once`);
  return typeof value === 'string' ? value : undefined;
}
