import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CATEGORIES,
  EXEMPTION_KINDS,
  EXEMPTION_STATUSES,
  MEASURE_TYPES,
  STATUSES,
  TARGET_KINDS,
  type Category,
  type ExemptionKind,
  type ExemptionStatus,
  type MeasureType,
  type Status,
  type TargetKind,
} from '@app/domain';
import { DESIGNATION_SORTS } from '@app/read-models';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_POSITION = Number.MAX_SAFE_INTEGER;
const SORTS = DESIGNATION_SORTS.flatMap((sort) => [sort, `-${sort}`]);

/** Read-your-writes: the `position` a command answered with. */
export class ConsistencyQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Wait (at most 5 s) until the read models have applied the event at this global position, e.g. the `position` of a command just sent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  minPosition?: number;
}

export class PageQuery extends ConsistencyQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor handed out by this service' })
  cursor?: string;
}

export class ListDesignationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: Status;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: MEASURE_TYPES, description: 'Designations imposing at least this measure' })
  @IsOptional()
  @IsIn(MEASURE_TYPES)
  measureType?: MeasureType;

  @ApiPropertyOptional({ enum: TARGET_KINDS })
  @IsOptional()
  @IsIn(TARGET_KINDS)
  targetKind?: TargetKind;

  @ApiPropertyOptional({ type: String, maxLength: 100, description: "The target's country, as recorded (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  country?: string;

  @ApiPropertyOptional({ type: String, maxLength: 300, description: 'A legal instrument cited in the legal basis, e.g. "Regulation (EU) 2019/796" (case-insensitive, exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  instrument?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 300,
    example: 'QDi.413',
    description: 'A reference on another list: one of the cross-list references, or `<source>:<sourceId>` of the official list entry a designation was imported from, e.g. `ofac:36` (case-insensitive, exact)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reference?: string;

  @ApiPropertyOptional({ type: String, maxLength: 200, description: "Words that must all appear in the target's name or aliases (case and accents ignored)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: SORTS, default: 'name', description: 'Sort field; a leading `-` sorts descending' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: string;
}

export class ListExemptionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EXEMPTION_STATUSES, description: '`ended`: ended with its designation (lifted, annulled by a court, or a proposal rejected or withdrawn)' })
  @IsOptional()
  @IsIn(EXEMPTION_STATUSES)
  status?: ExemptionStatus;

  @ApiPropertyOptional({ enum: EXEMPTION_KINDS })
  @IsOptional()
  @IsIn(EXEMPTION_KINDS)
  kind?: ExemptionKind;

  @ApiPropertyOptional({ type: String, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  designationId?: string;
}

/** A whole number query parameter: `IntParam(min, max, doc)`. */
const IntParam = (min: number, max: number, doc: { default?: number; description?: string } = {}) =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, ...doc }), IsOptional(), Type(() => Number), IsInt(), Min(min), Max(max));

/** A feed read after a position: `since` the last `nextSince` seen, at most `limit` entries. */
export class ChangesQuery extends ConsistencyQuery {
  @IntParam(0, MAX_POSITION, { default: 0, description: 'The `nextSince` (or register `position`) last seen; changes after it are returned' })
  since?: number;

  @IntParam(1, 1000, { default: 500 })
  limit?: number;
}

export class ReviewsDueQuery extends ConsistencyQuery {
  @ApiPropertyOptional({
    type: String,
    example: '2027-01-31',
    description: 'Reviews due before this date (YYYY-MM-DD, end of that day UTC) or instant (ISO 8601 with offset); default now: what is due or overdue',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, { message: 'before must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset' })
  before?: string;
}

export class InboxQuery extends ConsistencyQuery {
  @IntParam(0, MAX_POSITION, { default: 0, description: 'The `nextSince` last seen; reminders after it are returned' })
  since?: number;

  @IntParam(1, MAX_PAGE_SIZE, { default: DEFAULT_PAGE_SIZE })
  limit?: number;
}
