import { commandHandler, type CommandHandler } from '@app/command-handling';
import { designationDecider, designationStream, type DesignationCommand, type DesignationEvent, type DesignationState, type Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';

export type DesignationHandler = CommandHandler<DesignationCommand, DesignationEvent, DesignationState>;

/** The designation's command handler: bound once where the store is opened, used by every door. */
export function designationHandler(store: EventStore, policy: Policy): DesignationHandler {
  return commandHandler(store, designationDecider(policy), { idOf: (command) => command.data.designationId, stream: designationStream });
}
