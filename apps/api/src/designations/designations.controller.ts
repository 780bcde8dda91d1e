import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Command, type CommandRequest } from './command-request';
import { ProposeDesignationDto } from './dto/designation-terms.dto';
import {
  AmendDesignationDto,
  ApproveDesignationDto,
  CompleteReviewDto,
  EscalateMeasuresDto,
  ExtendSunsetDto,
  GrantExemptionDto,
  LiftDesignationDto,
  ReasonDto,
  RecordCourtOrderDto,
  RecordRepresentationDto,
  RecordTargetNotificationDto,
  RollBackMeasuresDto,
} from './dto/lifecycle-commands.dto';
import { Designations } from '@app/application';
import { ErrorCode as E } from '@app/domain';
import { ApiCommandReceipt, ApiDesignationId, ApiIdentifierParam } from '../openapi/command-responses';
import { ApiCommandErrors } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { ParseIdPipe } from './dto/validation';
import { ReceiptInterceptor } from './receipt.interceptor';
import { plainCopy } from './dto/plain-copy';

const Uuid = () => new ParseUUIDPipe();

/** The validated DTO as the plain JSON the command carries: the one conversion a body goes through before the store. */
const plain = (body: object): object => plainCopy(body);

/** Every lifecycle command of DOMAIN.md, one route each; the decider decides, this only translates. */
@ApiTags(TAGS.designations.name)
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first response and records nothing new',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
})
@ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The ETag (revision) the change is based on; a stale one is refused with 412',
  schema: { type: 'string', pattern: '^(W/)?"\\d{1,15}"$', example: '"3"' },
})
@Controller('designations')
@UseInterceptors(ReceiptInterceptor)
export class DesignationsController {
  constructor(private readonly designations: Designations) {}

  @Post()
  @Roles('official')
  @ApiOperation({
    operationId: 'proposeDesignation',
    summary: 'Propose a designation',
    description: 'Records DesignationProposed after the policy checks (attribution thresholds, measure ceilings, state bodies, durations, humanitarian safeguard). With an Idempotency-Key, a retry lands on the same designation.',
  })
  @ApiCommandReceipt(true)
  @ApiCommandErrors({
    rules: [
      E.AlreadyExists, E.LegalBasisRequired, E.MeasuresRequired, E.ReviewingMinistryRequired, E.JustificationRequired, E.DuplicateId,
      E.StateBodyNotAllowed, E.MeasureAboveCeiling, E.AttributionConfidenceTooLow, E.InsufficientSources, E.PartnerCorroborationRequired,
      E.SunsetNotAfterEffect, E.SunsetBeyondMaxDuration, E.ReviewIntervalTooLong, E.ExemptionMeasuresRequired, E.UnknownMeasure,
      E.ExemptionBeyondSunset, E.ExemptionAlreadyEnded, E.HumanitarianSafeguardRequired,
    ],
    notFound: false,
    invalid: [E.InvalidInstant, E.InvalidDuration],
  })
  propose(@Body() body: ProposeDesignationDto, @Command() request: CommandRequest) {
    return this.designations.propose(plain(body), request);
  }

  @Post(':id/approve') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({
    operationId: 'approveDesignation',
    summary: 'Approve a proposed designation (four-eyes)',
    description: 'Records DesignationIssued with `effectiveAt` (default now), `listingDate` and the first `nextReviewDueAt`. The approver must not be the proposer.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [E.NotProposed, E.Final, E.FourEyes, E.RetroactiveEffect, E.EffectBeforeProposal, E.SunsetNotAfterEffect, E.SunsetBeyondMaxDuration, E.ExemptionAlreadyEnded],
    invalid: [E.InvalidInstant],
  })
  approve(@Param('id', Uuid()) id: string, @Body() body: ApproveDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('ApproveDesignation', id, plain(body), request);
  }

  @Post(':id/reject') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({ operationId: 'rejectProposal', summary: 'Reject a proposal', description: 'Records DesignationProposalRejected; only while `proposed`.' })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotProposed, E.Final, E.JustificationRequired] })
  reject(@Param('id', Uuid()) id: string, @Body() body: ReasonDto, @Command() request: CommandRequest) {
    return this.designations.execute('RejectProposal', id, plain(body), request);
  }

  @Post(':id/withdraw') @HttpCode(200) @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'withdrawProposal',
    summary: 'Withdraw a proposal',
    description: 'Records DesignationProposalWithdrawn; only while `proposed`, by its proposer or a senior official.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotProposed, E.Final, E.JustificationRequired], forbidden: [E.NotProposer] })
  withdraw(@Param('id', Uuid()) id: string, @Body() body: ReasonDto, @Command() request: CommandRequest) {
    return this.designations.execute('WithdrawProposal', id, plain(body), request);
  }

  @Post(':id/escalations') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({
    operationId: 'escalateMeasures',
    summary: 'Escalate the measures of an active designation',
    description: "Records MeasuresEscalated: cites at least one escalation criterion met, with a justification; the result stays within the category's ceiling.",
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [
      E.NotActive, E.Final, E.FourEyes, E.CriterionRequired, E.UnknownCriterion, E.JustificationRequired, E.MeasuresRequired, E.DuplicateId,
      E.MeasureAboveCeiling, E.HumanitarianSafeguardRequired, E.RetroactiveEffect, E.EffectBeforeIssue,
    ],
    invalid: [E.InvalidInstant],
  })
  escalate(@Param('id', Uuid()) id: string, @Body() body: EscalateMeasuresDto, @Command() request: CommandRequest) {
    return this.designations.execute('EscalateMeasures', id, plain(body), request);
  }

  @Post(':id/exemptions') @HttpCode(200) @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'grantExemption',
    summary: 'Grant a humanitarian exemption',
    description: 'Records ExemptionGranted on an active designation: the measures it exempts, beneficiary, conditions, oversight body, and `validUntil` no later than the sunset.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [
      E.NotActive, E.Final, E.DuplicateId, E.ExemptionMeasuresRequired, E.UnknownMeasure, E.JustificationRequired, E.ExemptionBeyondSunset,
      E.ExemptionAlreadyEnded,
    ],
    invalid: [E.InvalidInstant],
  })
  grantExemption(@Param('id', Uuid()) id: string, @Body() body: GrantExemptionDto, @Command() request: CommandRequest) {
    return this.designations.execute('GrantExemption', id, plain(body), request);
  }

  @Post(':id/exemptions/:exemptionId/revoke') @HttpCode(200) @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'revokeExemption',
    summary: 'Revoke an exemption in force',
    description: 'Records ExemptionRevoked; the humanitarian safeguard must still hold without it.',
  })
  @ApiDesignationId()
  @ApiIdentifierParam('exemptionId', 'The exemption, as named when it was granted')
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [E.NotInForce, E.Final, E.JustificationRequired, E.ExemptionNotInForce, E.HumanitarianSafeguardRequired],
    notFound: [E.NotFound, E.ExemptionNotFound],
  })
  revokeExemption(
    @Param('id', Uuid()) id: string,
    @Param('exemptionId', ParseIdPipe) exemptionId: string,
    @Body() body: ReasonDto,
    @Command() request: CommandRequest,
  ) {
    return this.designations.execute('RevokeExemption', id, { ...plain(body), exemptionId }, request);
  }

  @Post(':id/notifications') @HttpCode(200) @Roles('official')
  @ApiOperation({
    operationId: 'recordTargetNotification',
    summary: 'Record that the target was notified',
    description: "Records TargetNotified with the channel and the deadline for the target's response; only while `active`.",
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotActive, E.Final, E.ResponseDeadlineNotAfterNotice], invalid: [E.InvalidInstant, E.NotYetHappened] })
  notify(@Param('id', Uuid()) id: string, @Body() body: RecordTargetNotificationDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordTargetNotification', id, plain(body), request);
  }

  @Post(':id/representations') @HttpCode(200) @Roles('official')
  @ApiOperation({
    operationId: 'recordRepresentation',
    summary: 'Record a representation from the target',
    description: "Records RepresentationReceived while `active` or `suspended`: the target's opportunity to respond, which the next review must consider.",
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotInForce, E.Final, E.DuplicateId, E.JustificationRequired], invalid: [E.InvalidInstant, E.NotYetHappened] })
  represent(@Param('id', Uuid()) id: string, @Body() body: RecordRepresentationDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordRepresentation', id, plain(body), request);
  }

  @Post(':id/reviews') @HttpCode(200) @Roles('reviewer')
  @ApiOperation({
    operationId: 'completeReview',
    summary: 'Complete a periodic review',
    description: "Records ReviewCompleted by a reviewer of a responsible ministry: the outcome, findings, every representation received since the last review, and the next review date (no later than the sunset, within the policy's maximum interval).",
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [
      E.NotInForce, E.Final, E.JustificationRequired, E.UnknownRepresentation, E.RepresentationsNotConsidered, E.NextReviewNotInFuture,
      E.NextReviewAfterSunset, E.ReviewIntervalTooLong,
    ],
    forbidden: [E.MinistryNotResponsible],
    invalid: [E.InvalidInstant],
  })
  review(@Param('id', Uuid()) id: string, @Body() body: CompleteReviewDto, @Command() request: CommandRequest) {
    return this.designations.execute('CompleteReview', id, plain(body), request);
  }

  @Post(':id/rollbacks') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({
    operationId: 'rollBackMeasures',
    summary: 'Roll back some measures (partial relief)',
    description: 'Records MeasuresRolledBack: cites at least one rollback condition met; at least one measure must remain (removing all is lifting).',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [
      E.NotActive, E.Final, E.FourEyes, E.ConditionRequired, E.UnknownCondition, E.JustificationRequired, E.MeasuresRequired, E.DuplicateId,
      E.UnknownMeasure, E.WouldRemoveAllMeasures, E.RetroactiveEffect, E.EffectBeforeIssue,
    ],
    invalid: [E.InvalidInstant],
  })
  rollBack(@Param('id', Uuid()) id: string, @Body() body: RollBackMeasuresDto, @Command() request: CommandRequest) {
    return this.designations.execute('RollBackMeasures', id, plain(body), request);
  }

  @Post(':id/sunset-extensions') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({
    operationId: 'extendSunset',
    summary: 'Extend the sunset after a recent review',
    description: "Records SunsetExtended: needs a review completed within the policy's extension window whose outcome is not `lift`; the new end is later than the current one and within the maximum duration from now.",
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({
    rules: [E.NotActive, E.Final, E.FourEyes, E.JustificationRequired, E.RecentReviewRequired, E.SunsetNotLater, E.SunsetBeyondMaxDuration],
    invalid: [E.InvalidInstant],
  })
  extend(@Param('id', Uuid()) id: string, @Body() body: ExtendSunsetDto, @Command() request: CommandRequest) {
    return this.designations.execute('ExtendSunset', id, plain(body), request);
  }

  @Post(':id/lift') @HttpCode(200) @Roles('senior_official')
  @ApiOperation({
    operationId: 'liftDesignation',
    summary: 'Lift a designation (four-eyes)',
    description: 'Records DesignationLifted with its reason; the designation is final afterwards.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotInForce, E.Final, E.FourEyes, E.JustificationRequired, E.RetroactiveEffect, E.EffectBeforeIssue], invalid: [E.InvalidInstant] })
  lift(@Param('id', Uuid()) id: string, @Body() body: LiftDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('LiftDesignation', id, plain(body), request);
  }

  @Post(':id/court-orders') @HttpCode(200) @Roles('court')
  @ApiOperation({
    operationId: 'recordCourtOrder',
    summary: 'Record a court order',
    description: 'Records CourtOrderRecorded: `suspend` suspends the designation, `annul` lifts it (reason `court_order`), `uphold` reinstates a suspended one or changes nothing.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.NotInForce, E.Final, E.FourEyes, E.DuplicateId, E.JustificationRequired, E.AlreadySuspended, E.EffectBeforeIssue], invalid: [E.InvalidInstant] })
  courtOrder(@Param('id', Uuid()) id: string, @Body() body: RecordCourtOrderDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordCourtOrder', id, plain(body), request);
  }

  @Post(':id/amendments') @HttpCode(200) @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'amendDesignation',
    summary: 'Amend the target details or the statement of reasons',
    description: 'Records DesignationAmended: corrections only; measures change by escalation or rollback.',
  })
  @ApiDesignationId()
  @ApiCommandReceipt()
  @ApiCommandErrors({ rules: [E.Final, E.JustificationRequired, E.NothingToAmend, E.StateBodyNotAllowed] })
  amend(@Param('id', Uuid()) id: string, @Body() body: AmendDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('AmendDesignation', id, plain(body), request);
  }
}
