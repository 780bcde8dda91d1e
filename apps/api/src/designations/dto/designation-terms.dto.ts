import {
  CATEGORIES,
  CLASSIFICATIONS,
  CONFIDENCE_LEVELS,
  COORDINATIONS,
  EVIDENCE_KINDS,
  EXEMPTION_KINDS,
  JURISDICTIONS,
  MEASURE_TYPES,
  TARGET_KINDS,
  type Category,
  type Classification,
  type Confidence,
  type Coordination,
  type EvidenceKind,
  type ExemptionKind,
  type Jurisdiction,
  type MeasureType,
  type TargetKind,
} from '@app/domain';
import { IsInt, Max, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Duration, Id, IdList, Instant, LIMITS, Nested, NestedList, OneOf, Text, TextList } from './validation';

export class IdentifierDto {
  @Text(LIMITS.id, { example: 'domain' }) type!: string;
  @Text(LIMITS.name, { example: 'c2.example' }) value!: string;
}

export class TargetDto {
  @OneOf(TARGET_KINDS) kind!: TargetKind;
  @Text(LIMITS.name, { example: 'Example Threat Group' }) name!: string;
  @TextList(LIMITS.list) aliases!: string[];
  @Text(LIMITS.id, { example: 'XX', description: 'Country code or name' }) country!: string;
  @NestedList(() => IdentifierDto) identifiers!: IdentifierDto[];
}

export class LegalBasisDto {
  @Text(LIMITS.name, { example: 'Regulation (EU) 2019/796' }) instrument!: string;
  @Text(LIMITS.name, { example: 'Art. 3(1)' }) provision!: string;
  @OneOf(JURISDICTIONS) jurisdiction!: Jurisdiction;
}

export class EvidenceDto {
  @Id() ref!: string;
  @OneOf(EVIDENCE_KINDS) kind!: EvidenceKind;
  @OneOf(CLASSIFICATIONS) classification!: Classification;
  @Text(LIMITS.text) summary!: string;
  @TextList(LIMITS.smallList) corroboratedBy!: string[];
}

export class AttributionDto {
  @OneOf(CONFIDENCE_LEVELS) confidence!: Confidence;
  @NestedList(() => EvidenceDto) evidence!: EvidenceDto[];
}

export class MeasureDto {
  @Id() measureId!: string;
  @OneOf(MEASURE_TYPES) type!: MeasureType;
  @TextList(LIMITS.smallList) capabilities!: string[];
  @Text(LIMITS.shortText) description!: string;
}

export class ConditionDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  number!: number;

  @Text(LIMITS.shortText) text!: string;
}

export class CoalitionDto {
  @OneOf(COORDINATIONS) coordination!: Coordination;
  @TextList(LIMITS.smallList) partners!: string[];
  @TextList(LIMITS.smallList) crossListReferences!: string[];
}

export class ExemptionTermsDto {
  @Id() exemptionId!: string;
  @OneOf(EXEMPTION_KINDS) kind!: ExemptionKind;
  @IdList(LIMITS.smallList) measureIds!: string[];
  @Text(LIMITS.name) beneficiary!: string;
  @Text(LIMITS.shortText) conditions!: string;
  @Text(LIMITS.name) oversightBody!: string;
  @Instant() validUntil!: string;
}

export class WaiverDto {
  @Text(LIMITS.shortText, { description: 'Why no standing humanitarian exemption is needed' }) justification!: string;
}

export class ProposeDesignationDto {
  @Nested(() => TargetDto) target!: TargetDto;
  @OneOf(CATEGORIES) category!: Category;
  @NestedList(() => LegalBasisDto, LIMITS.smallList) legalBasis!: LegalBasisDto[];
  @Text(LIMITS.text) statementOfReasons!: string;
  @Nested(() => AttributionDto) attribution!: AttributionDto;
  @NestedList(() => MeasureDto, LIMITS.smallList) measures!: MeasureDto[];
  @NestedList(() => ConditionDto, LIMITS.smallList) escalationCriteria!: ConditionDto[];
  @NestedList(() => ConditionDto, LIMITS.smallList) rollbackConditions!: ConditionDto[];
  @Duration() reviewInterval!: string;
  @Instant() sunsetAt!: string;
  @Nested(() => CoalitionDto) coalition!: CoalitionDto;
  @IdList(LIMITS.smallList) reviewingMinistries!: string[];
  @NestedList(() => ExemptionTermsDto, LIMITS.smallList) exemptions!: ExemptionTermsDto[];
  @Nested(() => WaiverDto, {}, true) humanitarianWaiver?: WaiverDto;
}
