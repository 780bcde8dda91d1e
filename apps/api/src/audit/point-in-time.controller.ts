import { applyDecorators, Controller, Get, Header, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { toMillis } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { proposedAtAsKnown, stateAt, type PointInTimeState } from '@app/audit';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLogService, AccessPurposeQuery, RequestId } from './access-log.service';
import { designationStream } from '@app/domain';
import { CLOCK } from '../designations/designations.tokens';
import { ApiDesignationId } from '../openapi/command-responses';
import { ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `YYYY-MM-DD` is the END of that day in UTC (23:59:59.999Z): "as of 1 March" includes everything
 * in effect, or recorded, on 1 March. Otherwise an ISO 8601 date-time with an offset. A date that
 * does not exist (2027-02-30, 2027-13-01, 24:00) is undefined, not rolled over.
 */
export function instantOrEndOfDay(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number);
    const end = new Date(`${text}T23:59:59.999Z`);
    const exists = !Number.isNaN(end.getTime()) && end.getUTCFullYear() === year && end.getUTCMonth() === month - 1 && end.getUTCDate() === day;
    return exists ? end : undefined;
  }
  try {
    return new Date(toMillis(text));
  } catch {
    return undefined;
  }
}

const InstantOrDate = (property: 'asOf' | 'knownAt', description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: 40, example: property === 'asOf' ? '2027-03-01' : '2027-03-15T12:00:00Z', description }),
    IsOptional(),
    IsString(),
    MaxLength(40),
    ValidateBy({
      name: 'isInstantOrDate',
      validator: {
        validate: (value: unknown) => instantOrEndOfDay(value) !== undefined,
        defaultMessage: () => `${property} must be a date (YYYY-MM-DD, the end of that day UTC) or an ISO 8601 date-time with an offset, and must exist`,
      },
    }),
  );

/** `purpose` as for every read of the record: required of courts when the state carries evidence above `public`. */
export class PointInTimeQuery extends AccessPurposeQuery {
  @InstantOrDate('asOf', 'Effective time: the state in force at this instant, or at the end of this day (UTC). Default now; may be in the future (what is already decided to be in force then).')
  asOf?: string;

  @InstantOrDate('knownAt', 'Recording time: only what the service had recorded by this instant, or by the end of this day (UTC). Default now; a time in the future means now.')
  knownAt?: string;
}

/** Bitemporal reads for those who answer for the record: what was in force when, as known when. */
@ApiTags(TAGS.audit.name)
@ApiBearerAuth()
@Controller('designations')
export class PointInTimeController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get(':id/state')
  @Roles('court', 'senior_official')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    operationId: 'getDesignationStateAt',
    summary: 'The designation as in force on `asOf`, according to what had been recorded by `knownAt`',
    description: [
      '"What was in force on 1 March, as the service knew it on 15 March?": `?asOf=2027-03-01&knownAt=2027-03-15`.',
      'Folded from the log: only events recorded (hash-chained `recordedAt`) by `knownAt`; of those, every event once in effect by `asOf`',
      '(its `effectiveAt`, or its recording time if it has none — the proposal\'s is when it was recorded — and never before the proposal, nor, after the issuance, before the designation took effect),',
      'applied in the order they were recorded. Before the proposal there is no designation: 404.',
      'An active or suspended designation whose sunset has passed by `asOf` is reported `expired` (`sunsetPassed`, `recordedStatus` keeps what the events say);',
      'an exemption whose `validUntil` has passed is reported `expired`, one whose designation was lifted `ended`. `inForce` is true when the measures bind on `asOf` (status `active`).',
      '`notYetEffective` lists what was recorded by `knownAt` but takes effect after `asOf`; `basedOn` names the events applied.',
      'A state carrying evidence above `public` is served only once the read is recorded in the access log; courts then give `purpose`.',
    ].join(' '),
  })
  @ApiOkResponse({ description: 'The point-in-time state: `{ id, asOf, knownAt, status, recordedStatus, sunsetPassed, inForce, measures, exemptions, exemptionsInForce, sunsetAt, …the designation…, basedOn: { events, lastRevision, lastRecordedAt }, notYetEffective }`' })
  @ApiDesignationId()
  @ApiReadErrors({
    from: 'log',
    invalid: [CODES.request, CODES.query, CODES.purpose],
    notFound: [CODES.designationNotFound],
    notes: {
      400: 'Also when `asOf`/`knownAt` is neither an existing date nor an ISO 8601 date-time with an offset, or a court gave no `purpose`.',
      403: 'Only courts and senior officials read the record at a point in time.',
      404: 'Also when none had been proposed by `knownAt`, or by `asOf`: a designation has no state before its proposal.',
    },
  })
  async state(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PointInTimeQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string | undefined,
  ): Promise<PointInTimeState> {
    const now = this.clock();
    // Validated by the query DTO: both parse.
    const asOf = query.asOf === undefined ? now : instantOrEndOfDay(query.asOf)!;
    const asked = query.knownAt === undefined ? now : instantOrEndOfDay(query.knownAt)!;
    // Nothing is known after now: a future knownAt is now.
    const knownAt = asked.getTime() > now.getTime() ? now : asked;
    const { events } = await this.store.readStream(designationStream(id));
    if (events.length === 0) throw new NotFoundException({ message: `No designation ${id}`, code: 'DESIGNATION.NOT_FOUND' });
    const state = stateAt(events, asOf.toISOString(), knownAt.toISOString());
    if (!state) {
      // Before its proposal a designation did not exist: it had no status to report.
      const proposedAt = proposedAtAsKnown(events, knownAt.toISOString());
      const message = proposedAt
        ? `Designation ${id} was proposed at ${proposedAt}: it did not exist as of ${asOf.toISOString()}`
        : `No designation ${id} had been recorded by ${knownAt.toISOString()}`;
      throw new NotFoundException({ message, code: 'DESIGNATION.NOT_FOUND' });
    }
    // Evidence above `public` is read only on the record, as for GET /designations/{id}.
    if (state.attribution.evidence.some((e) => e.classification !== 'public')) {
      await this.accessLog.record(principal, 'state', id, query.purpose, requestId);
    }
    return state;
  }
}
