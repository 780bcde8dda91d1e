import type { DeliveryEvent } from '@app/read-models';
import { deliveryDecider, type DeliveryCommand } from './delivery.decide';

const deliveryId = '7d8f2f0e-8c1b-4f6e-9a39-2b1b1c1d1e1f';
const metadata = { now: '2026-12-02T10:00:00.000Z', actor: { id: 'system', roles: ['system'] } };
const operator = { now: '2026-12-02T11:00:00.000Z', actor: { id: 'senior-1', roles: ['senior_official'] } };

/** given(history).when(command).then(events) over the delivery decider, as for the designation's. */
const given = (history: DeliveryEvent[]) => ({
  when: (command: DeliveryCommand) => ({
    then: (expected: DeliveryEvent[]) => {
      const state = history.reduce(deliveryDecider.evolve, deliveryDecider.initialState());
      expect(deliveryDecider.decide(command, state)).toEqual(expected);
    },
  }),
});

const delivered = (round: number): DeliveryEvent => ({ type: 'ReminderDelivered', data: { deliveryId, round, attempts: 1, status: 204 } });
const failed = (round: number): DeliveryEvent => ({ type: 'ReminderDeliveryFailed', data: { deliveryId, round, attempts: 8, lastError: 'the webhook answered 503' } });
const replayRequested: DeliveryEvent = { type: 'ReminderDeliveryReplayRequested', data: { deliveryId, requestedBy: 'senior-1' } };

const recordDelivered = (round: number): DeliveryCommand => ({ type: 'RecordReminderDelivered', data: { deliveryId, round, attempts: 1, status: 204 }, metadata });
const recordFailed = (round: number): DeliveryCommand => ({
  type: 'RecordReminderDeliveryFailed',
  data: { deliveryId, round, attempts: 8, lastError: 'the webhook answered 503' },
  metadata,
});
const replay: DeliveryCommand = { type: 'RequestDeliveryReplay', data: { deliveryId }, metadata: operator };

describe('the reminder delivery decider', () => {
  it('records the first delivery of a round', () => {
    given([]).when(recordDelivered(0)).then([delivered(0)]);
  });

  it('records a round delivered once, whoever reports it again (a retried job, a second worker)', () => {
    given([delivered(0)]).when(recordDelivered(0)).then([]);
  });

  it('records the dead-lettering of a round once', () => {
    given([]).when(recordFailed(0)).then([failed(0)]);
    given([failed(0)]).when(recordFailed(0)).then([]);
  });

  it('replays a dead-lettered delivery, naming who asked', () => {
    given([failed(0)]).when(replay).then([replayRequested]);
  });

  it('has nothing to replay unless the delivery is dead-lettered', () => {
    given([]).when(replay).then([]);
    given([delivered(0)]).when(replay).then([]);
    given([failed(0), replayRequested]).when(replay).then([]);
  });

  it('a replayed round is a new round: its delivery and a second dead-lettering are recorded', () => {
    given([failed(0), replayRequested]).when(recordDelivered(1)).then([delivered(1)]);
    given([failed(0), replayRequested]).when(recordFailed(1)).then([failed(1)]);
    given([failed(0), replayRequested, failed(1)]).when(replay).then([replayRequested]);
  });
});
