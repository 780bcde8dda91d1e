import { BadRequestException, createParamDecorator, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { Principal } from '../auth/principal';
import { CLOCK } from '../designations/designations.service';

export type AccessedResource = 'designation' | 'events' | 'audit-trail' | 'state';

export class AccessPurposeQuery {
  @ApiPropertyOptional({
    type: String,
    minLength: 3,
    maxLength: 500,
    description: 'Why the record is read (case number, proceeding). Required for courts; recorded in the access log.',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  purpose?: string;
}

/** One stream a day keeps each stream short; all of them are covered by the log's checkpoints. */
export const accessLogStream = (at: Date) => `access-log-${at.toISOString().slice(0, 10)}`;

/**
 * Who read what, and why. Reads of audit trails, of full event streams, and of designations with
 * evidence above `public` are recorded in the log before the answer is sent: if the record cannot
 * be written, nothing is served.
 */
@Injectable()
export class AccessLogService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async record(principal: Principal, resource: AccessedResource, designationId: string, purpose: string | undefined, requestId: string | undefined): Promise<void> {
    if (principal.roles.includes('court') && !purpose) {
      throw new BadRequestException({ message: 'A court states the purpose of its reading: add ?purpose=<case or proceeding>', code: 'INPUT.PURPOSE_REQUIRED' });
    }
    const at = this.clock();
    await this.store.appendToStream(
      accessLogStream(at),
      [
        {
          type: 'RecordAccessed',
          data: { resource, designationId, purpose: purpose ?? null, requestId: requestId ?? null, accessedAt: at.toISOString() },
          metadata: { recordedAt: at.toISOString(), actor: { id: principal.id, roles: [...principal.roles] } },
        },
      ],
      { expectedRevision: 'any' },
    );
  }
}

/** The request's correlation id, for the access record. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const id = context.switchToHttp().getRequest<{ id?: unknown }>().id;
  return id === undefined ? undefined : String(id);
});
