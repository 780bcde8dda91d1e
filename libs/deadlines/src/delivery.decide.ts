import { commandHandler, type Actor, type CommandHandler } from '@app/command-handling';
import type { EventStore } from '@app/event-store';
import { deliveryStream, type DeliveryEvent } from '@app/read-models';

type DeliveryCommandOf<Type extends string, Data> = { type: Type; data: Data & { deliveryId: string }; metadata: { now: string; actor: Actor } };

/** What the worker and operators say of one reminder delivery. */
export type DeliveryCommand =
  | DeliveryCommandOf<'RecordReminderDelivered', { round: number; attempts: number; status: number }>
  | DeliveryCommandOf<'RecordReminderDeliveryFailed', { round: number; attempts: number; lastError: string }>
  | DeliveryCommandOf<'RequestDeliveryReplay', Record<never, never>>;

/** The rounds recorded so far, and whether the last word was a dead-lettering. */
export interface DeliveryState {
  delivered: number[];
  failed: number[];
  deadLettered: boolean;
}

export const initialDeliveryState = (): DeliveryState => ({ delivered: [], failed: [], deadLettered: false });

/**
 * Each outcome is recorded once per round, whoever reports it (a retried job, a second worker);
 * a replay is recorded only for a delivery that is dead-lettered. Nothing to do is no events.
 */
export function decideDelivery(command: DeliveryCommand, state: DeliveryState): DeliveryEvent[] {
  switch (command.type) {
    case 'RecordReminderDelivered': {
      const { deliveryId, round, attempts, status } = command.data;
      return state.delivered.includes(round) ? [] : [{ type: 'ReminderDelivered', data: { deliveryId, round, attempts, status } }];
    }
    case 'RecordReminderDeliveryFailed': {
      const { deliveryId, round, attempts, lastError } = command.data;
      return state.failed.includes(round) ? [] : [{ type: 'ReminderDeliveryFailed', data: { deliveryId, round, attempts, lastError } }];
    }
    case 'RequestDeliveryReplay':
      return state.deadLettered ? [{ type: 'ReminderDeliveryReplayRequested', data: { deliveryId: command.data.deliveryId, requestedBy: command.metadata.actor.id } }] : [];
    default: {
      const unknown: never = command;
      throw new Error(`unknown delivery command ${(unknown as { type: string }).type}`);
    }
  }
}

export function evolveDeliveryState(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  switch (event.type) {
    case 'ReminderDelivered':
      return { ...state, delivered: [...state.delivered, event.data.round], deadLettered: false };
    case 'ReminderDeliveryFailed':
      return { ...state, failed: [...state.failed, event.data.round], deadLettered: true };
    case 'ReminderDeliveryReplayRequested':
      return { ...state, deadLettered: false };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const deliveryDecider = { decide: decideDelivery, evolve: evolveDeliveryState, initialState: initialDeliveryState };

export type DeliveryHandler = CommandHandler<DeliveryCommand, DeliveryEvent, DeliveryState>;

/** Bound once where the store is opened, like the designation's handler. */
export function deliveryHandler(store: EventStore): DeliveryHandler {
  return commandHandler(store, deliveryDecider, { idOf: (command) => command.data.deliveryId, stream: deliveryStream });
}
