import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ListDesignationsQuery, ListExemptionsQuery } from './read-model.queries.dto';
import { ReadModelsService } from './read-models.service';

const UNAVAILABLE = 'The read models are being rebuilt, or have not reached `minPosition` within 5 s (Retry-After says when to try again)';

/** The consolidated list and the exemption registry, from the read models in Redis. */
@ApiBearerAuth()
@Controller()
export class ReadModelsController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get('designations')
  @ApiTags('designations')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'A page of designations (`items`), `nextCursor` for the next page, and the log `position` the list reflects' })
  @ApiServiceUnavailableResponse({ description: UNAVAILABLE })
  designations(@Query() query: ListDesignationsQuery) {
    return this.readModels.designations(query);
  }

  @Get('exemptions')
  @ApiTags('exemptions')
  @Roles('official', 'senior_official', 'reviewer', 'court')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'A page of humanitarian exemptions (in force, revoked, expired), soonest `validUntil` first' })
  @ApiServiceUnavailableResponse({ description: UNAVAILABLE })
  exemptions(@Query() query: ListExemptionsQuery) {
    return this.readModels.exemptions(query);
  }
}
