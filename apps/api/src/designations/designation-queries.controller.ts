import { Controller, Get, Header, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLogService, AccessPurposeQuery, RequestId } from '../audit/access-log.service';
import { Designations } from '@app/application';
import { ApiDesignationId } from '../openapi/command-responses';
import { ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';

type Reply = { header(name: string, value: string): unknown };

@ApiTags(TAGS.designations.name)
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
  @ApiOperation({
    operationId: 'getDesignation',
    summary: 'Read a designation as the log says it is now',
    description: 'Folded from its events, with its `revision` (also the ETag, for If-Match). A state carrying evidence above `public` is served only once the read is recorded in the access log; courts then give `purpose`.',
  })
  @ApiDesignationId()
  @ApiOkResponse({
    description: 'The designation: `{ id, revision, status, target, category, legalBasis, attribution, measures, exemptions, sunsetAt, … }`',
    headers: { ETag: { description: 'The revision, quoted: the If-Match of the next change', schema: { type: 'string', example: '"3"' } } },
  })
  @ApiReadErrors({ from: 'log', invalid: [CODES.request, CODES.query, CODES.purpose], notFound: [CODES.designationNotFound] })
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
  @ApiOperation({
    operationId: 'listDesignationEvents',
    summary: 'Read the stream of a designation with full metadata',
    description: 'Every event of the designation with its actor, times and hash chain, for those who answer for the record. Every read is recorded in the access log.',
  })
  @ApiDesignationId()
  @ApiOkResponse({ description: '`{ id, events }`: the events in the order they were recorded' })
  @ApiReadErrors({ from: 'log', invalid: [CODES.request, CODES.query, CODES.purpose], notFound: [CODES.designationNotFound] })
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
