import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { addDuration, toMillis, type Policy } from '@app/domain';
import type { DueReview } from '@app/read-models';
import { CLOCK, SANCTIONS_POLICY } from '../designations/designations.tokens';
import { ReadModelsService } from '../read-models/read-models.service';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import { Pages } from './pages';
import type { Session } from './sessions';

/** Every review due, however far ahead: the inbox groups them, it does not hide the later ones. */
const ALL_AHEAD = new Date('9999-12-31T23:59:59.999Z');
/** The newest reminders shown (the inbox keeps them all; the JSON API pages through them). */
const REMINDERS_SHOWN = 50;
const REMINDERS_READ = 1000;

/**
 * A ministry's inbox: the reviews of its designations, overdue, due soon (the first reminder is
 * out) and later, from the same read model as GET /reviews/due, and the reminders it has received,
 * as GET /ministries/{ministry}/reminders gives them. Only the reviewer's own ministry.
 */
@ApiExcludeController()
@PagesController()
@Controller('console/reviews')
export class ReviewsPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly readModels: ReadModelsService,
    @Inject(SANCTIONS_POLICY) private readonly policy: Policy,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Get()
  @SignedIn('reviewer')
  async inbox(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    const ministry = session.data.user!.ministry;
    if (!ministry) return this.pages.send(reply, session, 'reviews/inbox.njk', { title: 'Reviews', noMinistry: true });
    // Read your writes: a review just completed has moved its designation on here.
    await this.readModels.consistentWith({ minPosition: session.data.lastPosition });
    const now = this.clock();
    const [due, reminders] = await Promise.all([
      this.readModels.reader.reviewsDue(ALL_AHEAD, now, ministry),
      this.readModels.reader.inbox(ministry, 0, REMINDERS_READ),
    ]);
    const soon = toMillis(this.policy.reviewReminderOffsets.reduce((latest, offset) => {
      const at = addDuration(now.toISOString(), offset);
      return toMillis(at) > toMillis(latest) ? at : latest;
    }, now.toISOString()));
    const group = (test: (r: DueReview) => boolean) => due.items.filter(test);
    return this.pages.send(reply, session, 'reviews/inbox.njk', {
      title: 'Reviews',
      ministry,
      overdue: group((r) => r.overdue),
      dueSoon: group((r) => !r.overdue && Date.parse(r.reviewDueAt) <= soon),
      upcoming: group((r) => !r.overdue && Date.parse(r.reviewDueAt) > soon),
      soonDays: Math.round((soon - now.getTime()) / 86_400_000),
      reminders: reminders.items.slice(-REMINDERS_SHOWN).reverse(),
    });
  }
}
