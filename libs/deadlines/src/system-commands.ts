import { uuidFrom } from '@app/command-handling';
import type { DesignationHandler } from '@app/application';
import { DomainError, SYSTEM_ACTOR, type DesignationCommand } from '@app/domain';
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
  const command = {
    type: deadline.command.type,
    data: { ...deadline.command.data, designationId: deadline.designationId },
    metadata: { now: now().toISOString(), actor: SYSTEM_ACTOR },
  } as DesignationCommand;
  try {
    const result = await designations.handle(command, { commandId: uuidFrom(`deadline/${deadline.id}`), correlationId: deadline.id });
    return { appended: result.duplicate ? [] : result.events.map((e) => e.type), duplicate: result.duplicate };
  } catch (error) {
    if (error instanceof DomainError) throw new DeadlineRejectedError(deadline, error.code);
    throw error;
  }
}
