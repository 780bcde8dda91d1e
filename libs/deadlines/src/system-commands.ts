import { uuidFrom, type CommandOptions, type HandleCommandResult } from '@app/command-handling';
import type { DesignationHandler } from '@app/application';
import { DomainError, SYSTEM_ACTOR, type DesignationCommand, type DesignationEvent } from '@app/domain';
import type { Deadline } from '@app/read-models';

export interface DeadlineOutcome {
  /** Event types appended (empty: the decider found nothing to do, e.g. the sunset was extended). */
  appended: string[];
  /** The deadline's command had already been recorded (a retried job): nothing appended again. */
  duplicate: boolean;
}

/** A deadline the decider refused: not a failure to retry, a fact to look at. */
export class DeadlineRejectedError extends Error {
  override readonly name = 'DeadlineRejectedError';
  constructor(
    readonly deadline: Deadline,
    readonly code: string,
  ) {
    super(`${deadline.command.type} for ${deadline.designationId} was refused: ${code}`);
  }
}

/**
 * What a deadline job does, and all it does: issue its system command as the service itself,
 * through the designation's one handler. The command id comes from the deadline id, so a job that
 * ran, appended and died before it could report is answered from the log on retry; and the
 * decider ignores a deadline that moved or came early, so a late, duplicate or stale job records
 * nothing wrong.
 */
export async function issueDeadlineCommand(designations: DesignationHandler, deadline: Deadline, now: () => Date): Promise<DeadlineOutcome> {
  const { command, options } = deadlineCommand(deadline, now);
  return designations.handle(command, options).then(outcomeOf, (error: unknown) => Promise.reject(refusalOf(deadline, error)));
}

/**
 * The same for many due deadlines at once, in a few round trips (the handler's handleMany): each
 * settles exactly as issueDeadlineCommand would settle it, on its own, in the order given.
 */
export async function issueDeadlineCommands(
  designations: DesignationHandler,
  deadlines: readonly Deadline[],
  now: () => Date,
): Promise<PromiseSettledResult<DeadlineOutcome>[]> {
  if (!designations.handleMany) return Promise.allSettled(deadlines.map((deadline) => issueDeadlineCommand(designations, deadline, now)));
  const settled = await designations.handleMany(deadlines.map((deadline) => deadlineCommand(deadline, now)));
  return settled.map((result, i) =>
    result.status === 'fulfilled' ? { status: 'fulfilled', value: outcomeOf(result.value) } : { status: 'rejected', reason: refusalOf(deadlines[i], result.reason) },
  );
}

/** The deadline's system command, as the `system` actor, with the command id derived from the deadline. */
function deadlineCommand(deadline: Deadline, now: () => Date): { command: DesignationCommand; options: CommandOptions } {
  const command = {
    type: deadline.command.type,
    data: { ...deadline.command.data, designationId: deadline.designationId },
    metadata: { now: now().toISOString(), actor: SYSTEM_ACTOR },
  } as DesignationCommand;
  return { command, options: { commandId: uuidFrom(`deadline/${deadline.id}`), correlationId: deadline.id } };
}

const outcomeOf = (result: HandleCommandResult<DesignationEvent>): DeadlineOutcome => ({
  appended: result.duplicate ? [] : result.events.map((e) => e.type),
  duplicate: result.duplicate,
});

const refusalOf = (deadline: Deadline, error: unknown): unknown => (error instanceof DomainError ? new DeadlineRejectedError(deadline, error.code) : error);
