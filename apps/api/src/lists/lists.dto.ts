import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CATEGORIES, CONFIDENCE_LEVELS, MEASURE_TYPES, type Category, type Confidence, type MeasureType } from '@app/domain';
import { LIST_FORMATS, type ListFormat } from '@app/lists';
import { ProposeDesignationDto, LegalBasisDto, WaiverDto } from '../designations/dto/designation-terms.dto';
import { Duration, IdList, Instant, LIMITS, Nested, NestedList, OneOf, Text, TextList } from '../designations/dto/validation';

const SHA256 = /^[0-9a-f]{64}$/;
const ENCODINGS = ['auto', 'utf-8', 'windows-1252'] as const;

/** `POST /lists/releases?format=…`: which format the body is, and what the file itself may not say. */
export class UploadReleaseQuery {
  @OneOf(LIST_FORMATS, { description: 'The format the file is in; it is checked against the bytes' }) format!: ListFormat;

  @ApiPropertyOptional({ description: 'The release date, for formats that carry none (OFAC SDN CSV): YYYY-MM-DD', example: '2021-07-07' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'releaseDate must be YYYY-MM-DD' })
  releaseDate?: string;

  @ApiPropertyOptional({ enum: ENCODINGS, description: 'How to read the text: from its BOM or declaration (auto, the default), or as named' })
  @IsOptional()
  @IsIn(ENCODINGS)
  encoding?: (typeof ENCODINGS)[number];
}

export class ReleaseHashDto {
  @ApiProperty({ type: String, pattern: SHA256.source, description: 'SHA-256 (hex) of the release, as the upload answered', example: 'a3f1'.padEnd(64, '0') })
  @IsString()
  @Matches(SHA256, { message: 'releaseHash must be 64 lowercase hex digits' })
  releaseHash!: string;
}

export class ProgramMappingDto {
  @Text(LIMITS.id, { description: "The source's program or regime, as it writes it", example: 'CYBER2' }) program!: string;
  @OneOf(CATEGORIES) category!: Category;
  @NestedList(() => LegalBasisDto, LIMITS.smallList) legalBasis!: LegalBasisDto[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...MEASURE_TYPES] }, maxItems: LIMITS.smallList, description: 'The measures imposed on each listing of the program' })
  @IsArray()
  @ArrayMaxSize(LIMITS.smallList)
  @IsIn(MEASURE_TYPES, { each: true })
  measures!: MeasureType[];
}

export class ImportMappingDto {
  @NestedList(() => ProgramMappingDto, LIMITS.smallList) programs!: ProgramMappingDto[];
}

export class ImportTermsDto {
  @Instant({ description: "Every imported designation's sunset, within the policy's maximum duration" }) sunsetAt!: string;
  @Duration() reviewInterval!: string;
  @Instant({ description: 'When the first review is due (default: one review interval from the import)' }, true) firstReviewDueAt?: string;
  @IdList(LIMITS.smallList) reviewingMinistries!: string[];
  @OneOf(CONFIDENCE_LEVELS, {}, true) confidence?: Confidence;
  @Nested(() => WaiverDto, {}, true) humanitarianWaiver?: WaiverDto;
}

export class PrepareImportDto extends ReleaseHashDto {
  @Nested(() => ImportMappingDto) mapping!: ImportMappingDto;
  @Nested(() => ImportTermsDto) terms!: ImportTermsDto;
}

export class ReasonBodyDto {
  @Text(LIMITS.shortText) reason!: string;
}

export class RecordPartnerReleaseDto extends ReleaseHashDto {
  @TextList(LIMITS.smallList, LIMITS.id, { description: 'Programs whose new listings become alignment candidates (default: PARTNER_WATCH_PROGRAMS for the format)' }, true)
  programs?: string[];
}

/** A candidate's proposal: the terms an official adds; target and coalition come from the partner's listing. */
export class ProposeFromCandidateDto extends OmitType(ProposeDesignationDto, ['target', 'coalition'] as const) {}

export class CandidatesQuery {
  @OneOf(['open', 'dismissed', 'proposed'], {}, true) status?: 'open' | 'dismissed' | 'proposed';
}
