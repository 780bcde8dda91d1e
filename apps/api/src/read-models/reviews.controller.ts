import { BadRequestException, ConflictException, Controller, ForbiddenException, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requestReplay, type DeliveryHandler } from '@app/deadlines';
import { toMillis } from '@app/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../designations/dto/validation';
import { CLOCK, DELIVERY_HANDLER } from '../designations/designations.tokens';
import { DEFAULT_PAGE_SIZE, InboxQuery, ReviewsDueQuery } from './read-model.queries.dto';
import { ReadModelsService } from './read-models.service';
import { ApiIdentifierParam, ApiUuidParam } from '../openapi/command-responses';
import { ApiProblems, ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';

/** Periodic review: what is due, each ministry's reminders, and the webhook deliveries that failed. */
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(
    private readonly readModels: ReadModelsService,
    @Inject(DELIVERY_HANDLER) private readonly deliveries: DeliveryHandler,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Get('reviews/due')
  @ApiTags(TAGS.reviews.name)
  @ApiOperation({
    operationId: 'listReviewsDue',
    summary: 'Designations whose review falls due before a date',
    description: 'What is due, or overdue, soonest first. A reviewer sees those of their own ministry; others see all.',
  })
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Designations in force whose review falls due before `before`, soonest first, each marked `overdue` or not. A reviewer sees those of their own ministry.' })
  @ApiReadErrors({ from: 'read-models', invalid: [CODES.query, CODES.request, CODES.minPosition], unavailable: [CODES.eventStore] })
  async due(@Query() query: ReviewsDueQuery, @CurrentPrincipal() principal: Principal) {
    // Refused before any wait for the read models: bad input is a 400 whatever their state.
    const before = query.before === undefined ? this.clock() : endOf(query.before);
    await this.readModels.consistentWith(query);
    const onlyReviewer = principal.roles.every((role) => role === 'reviewer');
    return this.readModels.reader.reviewsDue(before, this.clock(), onlyReviewer ? (principal.ministry ?? '') : undefined);
  }

  @Get('ministries/:ministry/reminders')
  @ApiTags(TAGS.reviews.name)
  @ApiOperation({ operationId: 'listMinistryReminders', summary: "A ministry's review reminders (its inbox), to poll" })
  @ApiIdentifierParam('ministry', 'The ministry, as named in the reviewer\'s token (`ministry` claim) and in `reviewingMinistries`')
  @Roles('reviewer')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: "The ministry's review reminders after `since`, oldest first (`upcoming`, `due`, `overdue`, or `partner_change` when a partner's list changed an entry the designation cites); poll again with `nextSince`" })
  @ApiReadErrors({
    from: 'read-models',
    invalid: [CODES.request, CODES.query, CODES.minPosition],
    unavailable: [CODES.eventStore],
    notes: { 403: 'A reviewer reads the reminders of their own ministry only.' },
  })
  async inbox(@Param('ministry', ParseIdPipe) ministry: string, @Query() query: InboxQuery, @CurrentPrincipal() principal: Principal) {
    if (principal.ministry !== ministry) throw new ForbiddenException('A reviewer reads the reminders of their own ministry only');
    await this.readModels.consistentWith(query);
    return this.readModels.reader.inbox(ministry, query.since ?? 0, query.limit ?? DEFAULT_PAGE_SIZE);
  }

  @Get('deliveries/dead-letters')
  @ApiTags(TAGS.deliveries.name)
  @ApiOperation({ operationId: 'listDeadLetters', summary: 'Reminder webhook deliveries whose retries ran out' })
  @Roles('senior_official')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Reminder webhook deliveries whose retries ran out, with the last error' })
  @ApiReadErrors({ from: 'read-models' })
  async deadLetters() {
    return { items: await this.readModels.reader.deadLetters() };
  }

  @Post('deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiTags(TAGS.deliveries.name)
  @ApiOperation({ operationId: 'replayDelivery', summary: 'Replay a dead-lettered webhook delivery', description: 'Records the request; the worker delivers the reminder again.' })
  @ApiUuidParam('deliveryId', 'The delivery, as listed in the dead letters')
  @Roles('senior_official')
  @ApiAcceptedResponse({
    description: 'The replay is recorded; the worker delivers it again',
    schema: { type: 'object', required: ['deliveryId', 'replayRequested'], properties: { deliveryId: { type: 'string', format: 'uuid' }, replayRequested: { type: 'boolean', enum: [true] } } },
  })
  @ApiProblems({
    400: [CODES.request],
    401: [CODES.unauthenticated],
    403: [CODES.forbidden],
    409: ['DELIVERY.NOT_DEAD_LETTERED', 'DESIGNATION.CONCURRENT_CHANGE'],
    429: [CODES.rateLimited],
    503: [CODES.eventStore],
  })
  async replay(@Param('deliveryId', new ParseUUIDPipe()) deliveryId: string, @CurrentPrincipal() principal: Principal) {
    if (!(await requestReplay(this.deliveries, deliveryId, principal, this.clock))) {
      throw new ConflictException({ message: `Delivery ${deliveryId} is not dead-lettered: nothing to replay`, code: 'DELIVERY.NOT_DEAD_LETTERED' });
    }
    return { deliveryId, replayRequested: true };
  }
}

/** A date means the end of that day (UTC); a date that does not exist (2027-02-30) is refused, not rolled over. */
function endOf(text: string): Date {
  // An instant as every command reads one (Date would take T24:00 as the next midnight).
  if (text.length > 10) {
    try {
      return new Date(toMillis(text, 'before'));
    } catch {
      throw new BadRequestException(`before: ${text} is not a date-time`);
    }
  }
  const day = text.slice(0, 10);
  const at = new Date(text.length === 10 ? `${day}T23:59:59.999Z` : text);
  const [y, m, d] = day.split('-').map(Number);
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(at.getTime()) || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
    throw new BadRequestException(`before: ${day} is not a date`);
  }
  return at;
}
