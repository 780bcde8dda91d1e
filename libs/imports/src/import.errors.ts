/** Stable codes of a refused list or import step: add new ones freely, never rename one. */
export const ImportErrorCode = {
  RoleRequired: 'ACTOR.ROLE_REQUIRED',
  FourEyes: 'ACTOR.FOUR_EYES',
  WrongListRole: 'LIST.WRONG_ROLE',
  ReleaseNotFound: 'LIST.RELEASE_NOT_FOUND',
  ReleaseOlder: 'LIST.RELEASE_OLDER',
  ReleaseAlreadyRecorded: 'LIST.RELEASE_ALREADY_RECORDED',
  BaseChanged: 'LIST.BASE_CHANGED',
  BatchOpen: 'IMPORT.BATCH_OPEN',
  BatchNotFound: 'IMPORT.BATCH_NOT_FOUND',
  BatchNotPrepared: 'IMPORT.BATCH_NOT_PREPARED',
  BatchNotApproved: 'IMPORT.BATCH_NOT_APPROVED',
  PlanChanged: 'IMPORT.PLAN_CHANGED',
  CandidateNotFound: 'ALIGNMENT.CANDIDATE_NOT_FOUND',
  CandidateClosed: 'ALIGNMENT.CANDIDATE_CLOSED',
  ReasonRequired: 'INPUT.REASON_REQUIRED',
} as const;
export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

/** A list or import step was refused by a rule; nothing was recorded. */
export class ImportRuleError extends Error {
  override readonly name = 'ImportRuleError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function refuse(code: ImportErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new ImportRuleError(code, message, details);
}
