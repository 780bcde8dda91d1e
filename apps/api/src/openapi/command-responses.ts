import { ApiCreatedResponse, ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { CommandReceiptDto } from '../designations/dto/command-receipt.dto';
import { IDENTIFIER, LIMITS } from '../designations/dto/validation';

const ETAG = { ETag: { description: 'The new revision, quoted (`"3"`): the If-Match of the next change', schema: { type: 'string', example: '"3"' } } };

/** A command's answer: 201 with Location for the proposal that creates a designation, 200 for every other. */
export const ApiCommandReceipt = (created = false) =>
  created
    ? ApiCreatedResponse({
        type: CommandReceiptDto,
        description: 'Proposed; a retry with the same Idempotency-Key answers the same receipt and records nothing new',
        headers: { ...ETAG, Location: { description: 'The new designation: `/designations/{id}`', schema: { type: 'string', format: 'uri-reference' } } },
      })
    : ApiOkResponse({ type: CommandReceiptDto, description: 'Recorded; a retry with the same Idempotency-Key answers the same receipt and records nothing new', headers: ETAG });

/** A path value that ParseUUIDPipe checks. */
export const ApiUuidParam = (name: string, description: string) => ApiParam({ name, description, schema: { type: 'string', format: 'uuid' } });

/** The `:id` of every designation route. */
export const ApiDesignationId = () => ApiUuidParam('id', 'The designation (the `id` of its receipt)');

/** A path value that ParseIdPipe checks: an identifier the caller chose (exemption, ministry). */
export const ApiIdentifierParam = (name: string, description: string) =>
  ApiParam({ name, description, schema: { type: 'string', maxLength: LIMITS.id, pattern: IDENTIFIER.source } });

