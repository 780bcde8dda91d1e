export { commandDigest, handleCommand, type CommandOptions, type HandleCommandResult } from './handle-command';
export { handleCommands, type BatchedCommand } from './handle-commands';
export { commandHandler, type CommandHandler, type StreamNaming } from './command-handler';
export { recordFact, type Fact, type RecordFactOptions } from './record-fact';
export { CommandIdReusedError, ConcurrentChangeError, StaleRevisionError } from './command-handling.errors';
export { commandMetadata, type CommandContext, type CommandEventMetadata } from './command-metadata';
export type { Actor, Command, Decider, DomainEvent } from './decider';
export { uuidFrom } from './name-based-uuid';
