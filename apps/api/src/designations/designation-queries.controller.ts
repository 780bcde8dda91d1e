import { Controller, Get, Header, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLogService, AccessPurposeQuery, RequestId } from '../audit/access-log.service';
import { Designations } from '@app/application';

type Reply = { header(name: string, value: string): unknown };

@ApiTags('designations')
@ApiBearerAuth()
@Controller('designations')
export class DesignationQueriesController {
  constructor(
    private readonly designations: Designations,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The designation as the log says it is now; the ETag is its revision, for If-Match. */
  @Get(':id')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AccessPurposeQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    const found = await this.designations.load(id);
    if (!found) throw new NotFoundException({ message: `No designation ${id}`, code: 'DESIGNATION.NOT_FOUND' });
    // Evidence above `public` is read only on the record.
    const state = found.state as { attribution?: { evidence: { classification: string }[] } };
    if (state.attribution?.evidence.some((e) => e.classification !== 'public')) {
      await this.accessLog.record(principal, 'designation', id, query.purpose, requestId);
    }
    reply.header('etag', `"${found.revision}"`);
    return { id, revision: found.revision, ...found.state };
  }

  /** The stream with full metadata (actor, times, hash chain), for those who answer for the record. */
  @Get(':id/events')
  @Roles('senior_official', 'court')
  @Header('cache-control', 'no-store')
  async events(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AccessPurposeQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string | undefined,
  ) {
    const events = await this.designations.events(id);
    if (events.length === 0) throw new NotFoundException({ message: `No designation ${id}`, code: 'DESIGNATION.NOT_FOUND' });
    await this.accessLog.record(principal, 'events', id, query.purpose, requestId);
    return { id, events };
  }
}
