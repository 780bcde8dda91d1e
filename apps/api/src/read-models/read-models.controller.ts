import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ListDesignationsQuery, ListExemptionsQuery } from './read-model.queries.dto';
import { ReadModelsService } from './read-models.service';
import { ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';

const UNAVAILABLE = 'The read models are being rebuilt, or have not reached `minPosition` within 5 s.';

/** A page of a list: filters, a cursor, and `minPosition`, which may ask the log how far it goes. */
const ApiListErrors = () =>
  ApiReadErrors({ from: 'read-models', invalid: [CODES.query, CODES.cursor, CODES.minPosition], unavailable: [CODES.eventStore], notes: { 503: UNAVAILABLE } });

/** The consolidated list and the exemption registry, from the read models in Redis. */
@ApiTags(TAGS.registers.name)
@ApiBearerAuth()
@Controller()
export class ReadModelsController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get('designations')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'listDesignations', summary: 'List designations (the consolidated list), filtered and sorted, a page at a time' })
  @ApiOkResponse({ description: 'A page of designations (`items`), `nextCursor` for the next page, and the log `position` the list reflects' })
  @ApiListErrors()
  designations(@Query() query: ListDesignationsQuery) {
    return this.readModels.designations(query);
  }

  @Get('exemptions')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'listExemptions', summary: 'List humanitarian exemptions (the exemption registry), a page at a time' })
  @ApiOkResponse({ description: 'A page of humanitarian exemptions (in force, revoked, expired, or ended with their designation), soonest `validUntil` first' })
  @ApiListErrors()
  exemptions(@Query() query: ListExemptionsQuery) {
    return this.readModels.exemptions(query);
  }
}
