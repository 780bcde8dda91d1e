import { BadRequestException } from '@nestjs/common';
import { ConcurrentChangeError, StaleRevisionError } from '@app/command-handling';
import { ErrorCode as E, isDomainError, type ErrorCode } from '@app/domain';
import { strictValidationPipe } from '../problem/validation.pipe';
import { plainCopy } from '../designations/dto/plain-copy';

/**
 * What an official can do about each refusal, in words: the domain's code is for machines, this is
 * for the person at the form. A code not listed here shows the domain's own message.
 */
const ADVICE: Partial<Record<ErrorCode, string>> = {
  [E.FourEyes]: 'You proposed this designation, so a different senior official must take this decision (approving, escalating, rolling back, extending or lifting it). Ask a colleague to do it.',
  [E.NotProposer]: 'Only the official who proposed this, or a senior official, can withdraw it.',
  [E.MinistryNotResponsible]: 'Your ministry is not one of the reviewing ministries of this designation. Only a reviewing ministry can complete its review.',
  [E.RoleRequired]: 'Your role does not allow this. Ask someone with the right role to do it.',
  [E.NotProposed]: 'This designation is no longer a proposal: it has already been decided. Reload it to see what happened.',
  [E.NotActive]: 'This can only be done while the designation is in force and not suspended.',
  [E.NotInForce]: 'This can only be done while the designation is in force.',
  [E.AlreadySuspended]: 'The designation is already suspended. An order that upholds it reinstates it; one that annuls it lifts it.',
  [E.Final]: 'This designation has ended (lifted, expired, rejected or withdrawn). Nothing more can be recorded on it.',
  [E.AlreadyExists]: 'This designation already exists. Open it from the list instead of proposing it again.',
  [E.LegalBasisRequired]: 'Give at least one legal basis: the instrument, its provision and its jurisdiction.',
  [E.MeasuresRequired]: 'Choose at least one measure.',
  [E.ReviewingMinistryRequired]: 'Name at least one ministry that will review this designation.',
  [E.JustificationRequired]: 'Give your reasons: the record must say why.',
  [E.DuplicateId]: 'That reference is already used on this designation, or given twice here. Give each one its own.',
  [E.SunsetNotAfterEffect]: 'The sunset must be after the designation takes effect.',
  [E.RetroactiveEffect]: 'It cannot take effect in the past. Choose today or a later date.',
  [E.EffectBeforeIssue]: 'It cannot take effect before the designation itself did.',
  [E.EffectBeforeProposal]: 'The approval cannot take effect before the proposal was made.',
  [E.StateBodyNotAllowed]: 'The policy does not allow this category of designation against a state body. Choose another category or target.',
  [E.MeasureAboveCeiling]: "A measure is above what the policy allows for this category. Choose lighter measures or another category.",
  [E.AttributionConfidenceTooLow]: 'The attribution confidence is below what the policy requires for this category. Add evidence or choose a lower category.',
  [E.InsufficientSources]: 'The policy requires more independent sources of evidence. Add another piece of evidence of a different kind.',
  [E.PartnerCorroborationRequired]: 'The policy requires evidence corroborated by a partner. Name the partner that corroborates it.',
  [E.HumanitarianSafeguardRequired]: 'These measures need a humanitarian safeguard: add an exemption, or explain why none is needed.',
  [E.SunsetBeyondMaxDuration]: 'The sunset is later than the policy allows. Choose an earlier date.',
  [E.ReviewIntervalTooLong]: 'The review interval is longer than the policy allows. Choose a shorter one.',
  [E.UnknownMeasure]: 'A measure named here is not one of the designation’s measures.',
  [E.CriterionRequired]: 'Cite at least one escalation criterion that has been met.',
  [E.UnknownCriterion]: 'Cite only the escalation criteria the designation lists.',
  [E.ConditionRequired]: 'Cite at least one rollback condition that has been met.',
  [E.UnknownCondition]: 'Cite only the rollback conditions the designation lists.',
  [E.WouldRemoveAllMeasures]: 'This would remove every measure. To end all measures, lift the designation instead.',
  [E.ExemptionNotFound]: 'There is no such exemption on this designation.',
  [E.ExemptionNotInForce]: 'This exemption is no longer in force.',
  [E.ExemptionBeyondSunset]: 'An exemption cannot last beyond the designation’s sunset. Choose an earlier end date.',
  [E.ExemptionAlreadyEnded]: 'The exemption’s end date has already passed. Choose a date in the future.',
  [E.ExemptionMeasuresRequired]: 'Choose the measures the exemption carves out of.',
  [E.NotYetHappened]: 'This cannot be dated in the future: record it once it has happened.',
  [E.ResponseDeadlineNotAfterNotice]: 'The deadline for a response must be after the notice was given.',
  [E.RepresentationsNotConsidered]: 'Every representation received since the last review must be considered. Tick each one you have considered.',
  [E.UnknownRepresentation]: 'A representation named here was not received on this designation.',
  [E.NextReviewNotInFuture]: 'The next review must be in the future.',
  [E.NextReviewAfterSunset]: 'The next review must be before the sunset.',
  [E.RecentReviewRequired]: 'A sunset can be extended only after a recent review. Complete a review first.',
  [E.SunsetNotLater]: 'The new sunset must be later than the current one.',
  [E.UnknownValue]: 'Choose one of the options offered.',
  [E.InvalidInstant]: 'Enter a real date.',
  [E.InvalidDuration]: 'Enter a real period.',
};

export type Refusal =
  | { kind: 'invalid'; fields: { field: string; messages: string[] }[] }
  | { kind: 'rule'; code: string; text: string; details: Record<string, unknown> }
  | { kind: 'stale'; text: string }
  | { kind: 'busy'; text: string };

/** A refusal of the application layer (or of validation) as the console shows it; anything else is not a refusal and is thrown on. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (isDomainError(error)) return { kind: 'rule', code: error.code, text: ADVICE[error.code] ?? error.message, details: { ...error.details } };
  if (error instanceof StaleRevisionError) return { kind: 'stale', text: 'This designation has changed since you opened it. Nothing was recorded. Read what changed below, then decide again.' };
  if (error instanceof ConcurrentChangeError) return { kind: 'busy', text: 'Others were changing this designation at the same moment. Nothing was recorded. Try again.' };
  if (error instanceof BadRequestException) {
    const response = error.getResponse() as { errors?: { field: string; messages: string[] }[] };
    if (Array.isArray(response.errors)) return { kind: 'invalid', fields: response.errors };
  }
  return undefined;
}

const pipe = strictValidationPipe();

/**
 * A command's body checked exactly as the JSON API checks it (its DTO, the strict pipe): the same
 * rules whichever door a command comes through. Returns the plain body, or the errors by field path.
 */
export async function validated<T extends object>(dto: new () => T, body: unknown): Promise<{ value: object } | { errors: { field: string; messages: string[] }[] }> {
  try {
    const value = (await pipe.transform(body, { type: 'body', metatype: dto })) as object;
    return { value: plainCopy(value) };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal?.kind === 'invalid') return { errors: refusal.fields };
    throw error;
  }
}

/** A validation message ("target.name must be shorter than…") as a sentence about the field it is shown beside. */
export function sentence(message: string | undefined, path: string): string {
  const text = (message ?? 'is not valid').replace(path, '').replace(/^\s*\$?property\s*/, '').trim();
  const said = text === 'is required' || text === 'should not be empty' ? 'This is required' : text;
  return said.charAt(0).toUpperCase() + said.slice(1);
}
