import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** One field a request got wrong, and every reason why (`INPUT.VALIDATION_FAILED`). */
@ApiSchema({ name: 'ProblemFieldError' })
export class ProblemFieldErrorSchema {
  @ApiProperty({ type: String, example: 'target.name', description: 'The path of the field in the body or query, dot-separated' })
  field!: string;

  @ApiProperty({ type: [String], example: ['name should not be empty'] })
  messages!: string[];
}

/**
 * The body of every error answer: RFC 9457 problem details, served as `application/problem+json`
 * (apps/api/src/problem/problem-details.filter.ts writes them). Documentation only: the filter's
 * `ProblemDetails` interface is the type the code uses.
 */
@ApiSchema({
  name: 'ProblemDetails',
  description:
    'RFC 9457 problem details. `code` is stable (clients branch on it; new codes may be added, none is renamed) and `type` is its URN. ' +
    'Other members may follow: the details of the rule that refused a command (e.g. `status`, `allowed`), or the `checks` of /health/ready.',
})
export class ProblemDetailsSchema {
  @ApiProperty({ type: String, format: 'uri', example: 'urn:sanctions:problem:DESIGNATION.NOT_ACTIVE', description: '`urn:sanctions:problem:<code>`' })
  type!: string;

  @ApiProperty({ type: String, example: 'Conflict', description: 'The HTTP status\'s reason phrase' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 409 })
  status!: number;

  @ApiProperty({ type: String, example: 'The designation is proposed; this needs it active', description: 'What went wrong, for people' })
  detail!: string;

  @ApiPropertyOptional({ type: String, format: 'uri-reference', example: '/designations/0b6e0f9e-8d5c-4a1e-9d0a-3f1f4f2b6c7d/escalations', description: 'The path of the request (without its query)' })
  instance?: string;

  @ApiProperty({ type: String, pattern: '^[A-Z][A-Z_]*(\\.[A-Z][A-Z_]*)+$', example: 'DESIGNATION.NOT_ACTIVE', description: 'The stable code: `AREA.REASON`' })
  code!: string;

  @ApiPropertyOptional({ type: [ProblemFieldErrorSchema], description: 'Every field that failed validation (`INPUT.VALIDATION_FAILED`)' })
  errors?: ProblemFieldErrorSchema[];
}
