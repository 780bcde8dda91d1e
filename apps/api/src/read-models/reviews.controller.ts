import { BadRequestException, ConflictException, Controller, ForbiddenException, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { requestReplay, type DeliveryHandler } from '@app/deadlines';
import { toMillis } from '@app/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../designations/dto/validation';
import { CLOCK, DELIVERY_HANDLER } from '../designations/designations.tokens';
import { DEFAULT_PAGE_SIZE, InboxQuery, ReviewsDueQuery } from './read-model.queries.dto';
import { ReadModelsService } from './read-models.service';

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
  @ApiTags('reviews')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Designations in force whose review falls due before `before`, soonest first, each marked `overdue` or not. A reviewer sees those of their own ministry.' })
  async due(@Query() query: ReviewsDueQuery, @CurrentPrincipal() principal: Principal) {
    // Refused before any wait for the read models: bad input is a 400 whatever their state.
    const before = query.before === undefined ? this.clock() : endOf(query.before);
    await this.readModels.consistentWith(query);
    const onlyReviewer = principal.roles.every((role) => role === 'reviewer');
    return this.readModels.reader.reviewsDue(before, this.clock(), onlyReviewer ? (principal.ministry ?? '') : undefined);
  }

  @Get('ministries/:ministry/reminders')
  @ApiTags('reviews')
  @Roles('reviewer')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: "The ministry's review reminders after `since`, oldest first (`upcoming`, `due`, `overdue`); poll again with `nextSince`" })
  async inbox(@Param('ministry', ParseIdPipe) ministry: string, @Query() query: InboxQuery, @CurrentPrincipal() principal: Principal) {
    if (principal.ministry !== ministry) throw new ForbiddenException('A reviewer reads the reminders of their own ministry only');
    await this.readModels.consistentWith(query);
    return this.readModels.reader.inbox(ministry, query.since ?? 0, query.limit ?? DEFAULT_PAGE_SIZE);
  }

  @Get('deliveries/dead-letters')
  @ApiTags('reviews')
  @Roles('senior_official')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Reminder webhook deliveries whose retries ran out, with the last error' })
  async deadLetters() {
    return { items: await this.readModels.reader.deadLetters() };
  }

  @Post('deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiTags('reviews')
  @Roles('senior_official')
  @ApiAcceptedResponse({ description: 'The replay is recorded; the worker delivers it again' })
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
