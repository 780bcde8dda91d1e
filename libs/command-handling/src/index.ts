export { CommandIdReusedError, handleCommand, type HandleCommandOptions, type HandleCommandResult } from './handle-command';
export { commandMetadata, type Actor, type CommandContext, type CommandEventMetadata } from './command-metadata';
export type { Decider, DomainEvent } from './decider';
export { uuidFrom } from './name-based-uuid';
