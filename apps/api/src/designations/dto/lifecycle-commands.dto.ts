import {
  COURT_DECISIONS,
  HUMAN_LIFT_REASONS,
  NOTIFICATION_CHANNELS,
  REVIEW_OUTCOMES,
  TARGET_KINDS,
  type CourtDecision,
  type HumanLiftReason,
  type NotificationChannel,
  type ReviewOutcome,
  type TargetKind,
} from '@app/domain';
import { ExemptionTermsDto, IdentifierDto, MeasureDto, WaiverDto } from './designation-terms.dto';
import { Id, IdList, Instant, LIMITS, Nested, NestedList, NumberList, OneOf, Text, TextList } from './validation';

export class ApproveDesignationDto {
  @Instant({ description: 'When the designation takes effect; defaults to now' }, true) effectiveAt?: string;
}

export class ReasonDto {
  @Text(LIMITS.shortText) reason!: string;
}

export class EscalateMeasuresDto {
  @NumberList({ description: 'Numbers of the escalation criteria met' }) criteriaMet!: number[];
  @Text(LIMITS.text) justification!: string;
  @NestedList(() => MeasureDto, LIMITS.smallList) measures!: MeasureDto[];
  @Instant({}, true) effectiveAt?: string;
  @Nested(() => WaiverDto, {}, true) humanitarianWaiver?: WaiverDto;
}

export class GrantExemptionDto extends ExemptionTermsDto {
  @Text(LIMITS.shortText, {}, true) justification?: string;
}

export class RecordTargetNotificationDto {
  @OneOf(NOTIFICATION_CHANNELS) channel!: NotificationChannel;
  @Instant() notifiedAt!: string;
  @Instant() responseDeadline!: string;
}

export class RecordRepresentationDto {
  @Id() representationId!: string;
  @Instant() receivedAt!: string;
  @Text(LIMITS.name) submittedBy!: string;
  @Text(LIMITS.text) summary!: string;
}

export class CompleteReviewDto {
  @OneOf(REVIEW_OUTCOMES) outcome!: ReviewOutcome;
  @Text(LIMITS.text) findings!: string;
  @IdList(LIMITS.list) representationsConsidered!: string[];
  @Instant() nextReviewDueAt!: string;
}

export class RollBackMeasuresDto {
  @NumberList({ description: 'Numbers of the rollback conditions met' }) conditionsMet!: number[];
  @Text(LIMITS.text) justification!: string;
  @IdList(LIMITS.smallList) measureIds!: string[];
  @Instant({}, true) effectiveAt?: string;
}

export class ExtendSunsetDto {
  @Instant({ description: 'The new end of the designation' }) sunsetAt!: string;
  @Text(LIMITS.text) justification!: string;
}

export class LiftDesignationDto {
  /** Not `delisted_at_source`: only an import batch records that, with the list release that delisted the entry. */
  @OneOf(HUMAN_LIFT_REASONS) reason!: HumanLiftReason;
  @Text(LIMITS.text) justification!: string;
  @Instant({}, true) effectiveAt?: string;
}

export class RecordCourtOrderDto {
  @Id() orderId!: string;
  @Text(LIMITS.name) court!: string;
  @OneOf(COURT_DECISIONS) decision!: CourtDecision;
  @Text(LIMITS.name) reference!: string;
  @Text(LIMITS.text) summary!: string;
  @Instant() effectiveAt!: string;
}

export class TargetAmendmentDto {
  @OneOf(TARGET_KINDS, {}, true) kind?: TargetKind;
  @Text(LIMITS.name, {}, true) name?: string;
  @TextList(LIMITS.list, LIMITS.name, {}, true) aliases?: string[];
  @Text(LIMITS.id, {}, true) country?: string;
  @NestedList(() => IdentifierDto, LIMITS.list, {}, true) identifiers?: IdentifierDto[];
}

export class AmendDesignationDto {
  @Nested(() => TargetAmendmentDto, {}, true) target?: TargetAmendmentDto;
  @Text(LIMITS.text, {}, true) statementOfReasons?: string;
  @Text(LIMITS.text) justification!: string;
}
