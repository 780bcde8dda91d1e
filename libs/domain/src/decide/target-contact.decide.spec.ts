import { ErrorCode } from '../errors';
import {
  approve,
  at,
  before,
  command,
  DESIGNATION_ID,
  eventsOf,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  representation,
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
const notificationDueAt = at('P30D');

type NotifyData = Parameters<typeof command<'RecordTargetNotification'>>[1];
const notify = (data: Partial<NotifyData> = {}, actor = official, now = T1) =>
  command('RecordTargetNotification', { channel: 'diplomatic_channel', notifiedAt: T1, responseDeadline: at('P30D', T1), ...data }, actor, now);
const flag = (now = at('P31D'), actor = system) => command('FlagOverdueNotification', {}, actor, now);

describe('RecordTargetNotification', () => {
  it('records how and when the target was told, and its deadline to answer', () => {
    given(issued())
      .when(notify())
      .then([{ type: 'TargetNotified', data: { ...stamp, channel: 'diplomatic_channel', notifiedAt: T1, responseDeadline: at('P30D', T1) } }]);
  });

  it('records a notice given earlier, in UTC', () => {
    given(issued())
      .when(notify({ notifiedAt: '2026-01-05T12:00:00+02:00', responseDeadline: '2026-02-05T12:00:00+02:00' }))
      .then([
        {
          type: 'TargetNotified',
          data: { ...stamp, channel: 'diplomatic_channel', notifiedAt: '2026-01-05T10:00:00.000Z', responseDeadline: '2026-02-05T10:00:00.000Z' },
        },
      ]);
  });

  it('needs an active designation', () => {
    given(proposed()).when(notify()).thenThrows(ErrorCode.NotActive);
  });

  it('needs an active designation, not a suspended one', () => {
    given(suspended()).when(notify()).thenThrows(ErrorCode.NotActive);
  });

  itNeedsALiveDesignation(() => notify());

  it('refuses a malformed notice date', () => {
    given(issued()).when(notify({ notifiedAt: '2026-01-06' })).thenThrows(ErrorCode.InvalidInstant);
  });

  it('refuses a malformed response deadline', () => {
    given(issued()).when(notify({ responseDeadline: '2026-02-30T00:00:00Z' })).thenThrows(ErrorCode.InvalidInstant);
  });

  it('needs an official', () => {
    given(issued()).when(notify({}, senior)).thenThrows(ErrorCode.RoleRequired);
  });

  it('cannot record a notice in the future', () => {
    given(issued()).when(notify({ notifiedAt: at('P2D') })).thenThrows(ErrorCode.NotYetHappened);
  });

  it('needs the response deadline after the notice', () => {
    given(issued()).when(notify({ responseDeadline: T1 })).thenThrows(ErrorCode.ResponseDeadlineNotAfterNotice);
    given(issued()).when(notify({ responseDeadline: T0 })).thenThrows(ErrorCode.ResponseDeadlineNotAfterNotice);
  });

  it('refuses an unknown channel', () => {
    given(issued()).when(withData(notify(), { channel: 'definitely_not_in_the_vocabulary' })).thenThrows(ErrorCode.UnknownValue);
  });
});

describe('RecordRepresentation', () => {
  it('records the target’s representation', () => {
    given(issued())
      .when(representation())
      .then([
        {
          type: 'RepresentationReceived',
          data: { ...stamp, representationId: 'rep-1', receivedAt: T1, submittedBy: 'Counsel for the target', summary: 'Contests attribution' },
        },
      ]);
  });

  it('is accepted while suspended', () => {
    given(suspended()).when(representation()).then((events) => expect(events).toHaveLength(1));
  });

  it('needs a designation in force', () => {
    given(proposed()).when(representation()).thenThrows(ErrorCode.NotInForce);
  });

  itNeedsALiveDesignation(() => representation());

  it('needs an official', () => {
    given(issued()).when({ ...representation(), metadata: { now: T1, actor: reviewer } }).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses a representation id already recorded', () => {
    given(eventsOf(propose(), approve(), representation())).when(representation()).thenThrows(ErrorCode.DuplicateId);
  });

  it.each(['submittedBy', 'summary'] as const)('needs a %s', (field) => {
    const c = representation();
    given(issued()).when({ ...c, data: { ...c.data, [field]: '' } }).thenThrows(ErrorCode.JustificationRequired);
  });

  it('cannot be received in the future', () => {
    const c = representation();
    given(issued()).when({ ...c, data: { ...c.data, receivedAt: at('P3D') } }).thenThrows(ErrorCode.NotYetHappened);
  });
});

describe('FlagOverdueNotification (system)', () => {
  it('flags a target not notified by the deadline', () => {
    given(issued()).when(flag()).then([{ type: 'TargetNotificationOverdue', data: { ...stamp, notificationDueAt } }]);
  });

  it('does nothing before the deadline', () => {
    given(issued()).when(flag(before('PT1M', notificationDueAt))).thenNothing();
  });

  it('does nothing when the target was notified', () => {
    given(eventsOf(propose(), approve(), notify())).when(flag()).thenNothing();
  });

  it('flags exactly at the deadline', () => {
    given(issued()).when(flag(notificationDueAt)).then([{ type: 'TargetNotificationOverdue', data: { ...stamp, notificationDueAt } }]);
  });

  it('flags while suspended', () => {
    given(suspended()).when(flag()).then([{ type: 'TargetNotificationOverdue', data: { ...stamp, notificationDueAt } }]);
  });

  it('does nothing when the same job runs again after flagging (idempotent)', () => {
    given(eventsOf(propose(), approve(), flag())).when(flag()).thenNothing();
  });

  it('does nothing the second time (idempotent)', () => {
    given(eventsOf(propose(), approve(), flag())).when(flag(at('P40D'))).thenNothing();
  });

  it('does nothing when the target was notified late, after the flag', () => {
    given(eventsOf(propose(), approve(), flag(), notify({ notifiedAt: at('P35D'), responseDeadline: at('P65D') }, official, at('P35D'))))
      .when(flag(at('P40D')))
      .thenNothing();
  });

  it('does nothing while only proposed', () => {
    given(proposed()).when(flag()).thenNothing();
  });

  itNeedsALiveDesignation(() => flag());

  it('is issued only by the service itself', () => {
    given(issued()).when(flag(at('P31D'), senior)).thenThrows(ErrorCode.RoleRequired);
  });
});
