import { createParamDecorator, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { recordAccess, type AccessedResource } from '@app/application';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { Principal } from '../auth/principal';
import { CLOCK } from '../designations/designations.tokens';

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

/** The access log (libs/application) with the api's store and clock. */
@Injectable()
export class AccessLogService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  record(principal: Principal, resource: AccessedResource, designationId: string, purpose: string | undefined, requestId: string | undefined): Promise<void> {
    return recordAccess(this.store, { reader: principal, resource, designationId, purpose, requestId }, this.clock());
  }
}

/** The request's correlation id, for the access record. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const id = context.switchToHttp().getRequest<{ id?: unknown }>().id;
  return id === undefined ? undefined : String(id);
});
