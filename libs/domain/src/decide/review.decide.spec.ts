import type { ReminderKind } from '../designation.types';
import { ErrorCode } from '../errors';
import {
  approve,
  at,
  before,
  command,
  DESIGNATION_ID,
  eventsOf,
  foreignReviewer,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  representation,
  review,
  reviewer,
  senior,
  suspended,
  system,
  T0,
  T1,
  withData,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const reviewDueAt = at('P6M');

const remind = (now: string, due = reviewDueAt, actor = system) => command('IssueReviewReminder', { reviewDueAt: due }, actor, now);

describe('IssueReviewReminder (system)', () => {
  const recipients = ['foreign-affairs', 'justice'];

  it.each<[ReminderKind, string, string]>([
    ['upcoming', before('P30D', reviewDueAt), before('P30D', reviewDueAt)],
    ['upcoming', at('P2D', before('P7D', reviewDueAt)), before('P7D', reviewDueAt)],
    ['upcoming', before('P1D', reviewDueAt), before('P1D', reviewDueAt)],
    ['due', at('PT3H', reviewDueAt), reviewDueAt],
    ['overdue', at('P7D', reviewDueAt), at('P7D', reviewDueAt)],
    ['overdue', at('P16D', reviewDueAt), at('P14D', reviewDueAt)],
  ])('issues the %s reminder when now is %s', (kind, now, remindAt) => {
    given(issued())
      .when(remind(now))
      .then([{ type: 'ReviewReminderIssued', data: { ...stamp, reviewDueAt, kind, remindAt, recipients } }]);
  });

  it('does nothing more than 30 days ahead', () => {
    given(issued()).when(remind(before('P31D', reviewDueAt))).thenNothing();
  });

  it('does nothing when the same job runs again after its reminder was issued (idempotent)', () => {
    const job = remind(at('P1D', reviewDueAt));
    given(eventsOf(propose(), approve(), job)).when(job).thenNothing();
  });

  it('does nothing the second time for the same slot (idempotent)', () => {
    const now = before('P7D', reviewDueAt);
    given(eventsOf(propose(), approve(), remind(now))).when(remind(at('PT1H', now))).thenNothing();
  });

  it('issues the next slot after an earlier one', () => {
    const history = eventsOf(propose(), approve(), remind(before('P30D', reviewDueAt)));
    given(history)
      .when(remind(before('P7D', reviewDueAt)))
      .then(([event]) => expect(event.data).toMatchObject({ kind: 'upcoming', remindAt: before('P7D', reviewDueAt) }));
  });

  it('does nothing for a due date a completed review has replaced (stale job)', () => {
    const history = eventsOf(propose(), approve(), review({}, at('P5M')));
    given(history).when(remind(reviewDueAt)).thenNothing();
  });

  it('reminds for the due date the completed review set', () => {
    const nextDue = at('P6M', at('P5M'));
    given(eventsOf(propose(), approve(), review({}, at('P5M'))))
      .when(remind(nextDue, nextDue))
      .then([{ type: 'ReviewReminderIssued', data: { ...stamp, reviewDueAt: nextDue, kind: 'due', remindAt: nextDue, recipients } }]);
  });

  it('accepts the due date in any offset', () => {
    given(issued())
      .when(remind(reviewDueAt, '2026-07-05T11:00:00+02:00'))
      .then(([event]) => expect(event.data).toMatchObject({ reviewDueAt, kind: 'due' }));
  });

  it('reminds while suspended', () => {
    given(suspended()).when(remind(reviewDueAt)).then((events) => expect(events).toHaveLength(1));
  });

  itNeedsALiveDesignation(() => remind(reviewDueAt));

  it('does nothing while only proposed', () => {
    given(proposed()).when(remind(reviewDueAt)).thenNothing();
  });

  it('is issued only by the service itself', () => {
    given(issued()).when(remind(reviewDueAt, reviewDueAt, official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses a malformed due date', () => {
    given(issued()).when(remind(reviewDueAt, 'next tuesday')).thenThrows(ErrorCode.InvalidInstant);
  });
});

describe('CompleteReview', () => {
  it('records the review and moves the next due date', () => {
    given(issued())
      .when(review())
      .then([
        {
          type: 'ReviewCompleted',
          data: {
            ...stamp,
            outcome: 'maintain',
            findings: 'Measures remain proportionate',
            representationsConsidered: [],
            nextReviewDueAt: at('P6M', T1),
            completedAt: T1,
            ministry: 'foreign-affairs',
          },
        },
      ]);
  });

  it('is possible while suspended', () => {
    given(suspended()).when(review()).then((events) => expect(events).toHaveLength(1));
  });

  it('needs a designation in force', () => {
    given(proposed()).when(review()).thenThrows(ErrorCode.NotInForce);
  });

  itNeedsALiveDesignation(() => review());

  it('needs a reviewer', () => {
    given(issued()).when(review({}, T1, senior)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a reviewer of a responsible ministry', () => {
    given(issued()).when(review({}, T1, foreignReviewer)).thenThrows(ErrorCode.MinistryNotResponsible);
  });

  it('needs a reviewer who acts for a ministry', () => {
    const { ministry: _none, ...withoutMinistry } = reviewer;
    given(issued()).when(review({}, T1, withoutMinistry)).thenThrows(ErrorCode.MinistryNotResponsible);
  });

  it('is open to a reviewer of any responsible ministry', () => {
    const justice = { id: 'reviewer-2', roles: ['reviewer' as const], ministry: 'justice' };
    given(issued()).when(review({}, T1, justice)).then(([event]) => expect(event.data).toMatchObject({ ministry: 'justice' }));
  });

  it('needs findings', () => {
    const c = review();
    given(issued()).when({ ...c, data: { ...c.data, findings: '' } }).thenThrows(ErrorCode.JustificationRequired);
  });

  it('must consider every representation received since the last review', () => {
    const history = eventsOf(propose(), approve(), representation('rep-1'), representation('rep-2'));
    given(history).when(review({ representationsConsidered: ['rep-1'] })).thenThrows(ErrorCode.RepresentationsNotConsidered);
    given(history).when(review({ representationsConsidered: ['rep-1', 'rep-2'] })).then((events) => expect(events).toHaveLength(1));
  });

  it('does not ask again for representations an earlier review considered', () => {
    const history = eventsOf(propose(), approve(), representation('rep-1'), review({ representationsConsidered: ['rep-1'] }));
    given(history).when(review({}, at('P2D'))).then((events) => expect(events).toHaveLength(1));
  });

  it('lists every unconsidered representation it is missing', () => {
    const history = eventsOf(propose(), approve(), representation('rep-1'), representation('rep-2'), representation('rep-3'));
    let thrown: unknown;
    try {
      given(history).when(review({ representationsConsidered: ['rep-2'] })).then(() => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: ErrorCode.RepresentationsNotConsidered, details: { representationIds: ['rep-1', 'rep-3'] } });
  });

  it('records the representations considered', () => {
    given(eventsOf(propose(), approve(), representation('rep-1')))
      .when(review({ representationsConsidered: ['rep-1'] }))
      .then(([event]) => expect(event.data).toMatchObject({ representationsConsidered: ['rep-1'] }));
  });

  it('refuses representations that were never received', () => {
    given(issued()).when(review({ representationsConsidered: ['rep-9'] })).thenThrows(ErrorCode.UnknownRepresentation);
  });

  it('refuses an unknown representation even alongside known ones', () => {
    given(eventsOf(propose(), approve(), representation('rep-1')))
      .when(review({ representationsConsidered: ['rep-1', 'rep-9'] }))
      .thenThrows(ErrorCode.UnknownRepresentation);
  });

  it('needs the next review in the future', () => {
    given(issued()).when(review({ nextReviewDueAt: T0 })).thenThrows(ErrorCode.NextReviewNotInFuture);
    given(issued()).when(review({ nextReviewDueAt: T1 })).thenThrows(ErrorCode.NextReviewNotInFuture);
  });

  it('refuses a malformed next review date', () => {
    given(issued()).when(review({ nextReviewDueAt: '2026-07-05T09:00:00' })).thenThrows(ErrorCode.InvalidInstant);
  });

  it('may schedule the next review exactly at the sunset', () => {
    given(eventsOf(propose(), approve()))
      .when(review({ nextReviewDueAt: at('P2Y') }, at('P18M')))
      .then(([event]) => expect(event.data).toMatchObject({ nextReviewDueAt: at('P2Y') }));
  });

  it('may schedule the next review exactly at the maximum interval', () => {
    given(issued())
      .when(review({ nextReviewDueAt: at('P12M', T1) }))
      .then(([event]) => expect(event.data).toMatchObject({ nextReviewDueAt: at('P12M', T1) }));
  });

  it('cannot schedule the next review after the sunset', () => {
    given(eventsOf(propose({ sunsetAt: at('P8M'), exemptions: [], humanitarianWaiver: { justification: 'State funds only' } }), approve()))
      .when(review({ nextReviewDueAt: at('P9M') }))
      .thenThrows(ErrorCode.NextReviewAfterSunset);
  });

  it('cannot schedule the next review beyond the maximum interval', () => {
    given(issued()).when(review({ nextReviewDueAt: at('P13M', T1) })).thenThrows(ErrorCode.ReviewIntervalTooLong);
  });

  it('refuses an unknown outcome', () => {
    given(issued()).when(withData(review(), { outcome: 'definitely_not_in_the_vocabulary' })).thenThrows(ErrorCode.UnknownValue);
  });
});
