import { Controller, Get, Header, Inject, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { toFtmJsonLines } from '@app/read-models';
import { Public } from '../auth/auth.decorators';
import { ChangesQuery, ConsistencyQuery } from './read-model.queries.dto';
import { ReadModelsService } from './read-models.service';
import { ApiDesignationId } from '../openapi/command-responses';
import { ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';

type Reply = { header(name: string, value: string): unknown };

/** A read of the register that takes `minPosition` (which may ask the log how far it goes). */
const ApiRegisterReadErrors = () => ApiReadErrors({ from: 'read-models', public: true, invalid: [CODES.query, CODES.minPosition], unavailable: [CODES.eventStore] });

/**
 * What anyone may read, without credentials: designations in force (active or suspended), redacted
 * to what is public, a change feed to sync from, and a FollowTheMoney export for screening systems.
 */
@ApiTags(TAGS.public.name)
@Public()
@Controller('public')
export class PublicRegisterController {
  constructor(
    private readonly readModels: ReadModelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('register')
  @Header('cache-control', 'public, max-age=10')
  @ApiOperation({ operationId: 'getPublicRegister', summary: 'The public register: every designation in force, redacted', security: [] })
  @ApiOkResponse({ description: 'Every designation in force, redacted, and the log `position` it reflects: sync changes from there with /public/changes?since=<position>' })
  @ApiRegisterReadErrors()
  async register(@Query() query: ConsistencyQuery) {
    await this.readModels.consistentWith(query);
    const { position, entries } = await this.readModels.reader.publicRegister();
    return { position, count: entries.length, entries };
  }

  @Get('register.ftm.jsonl')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({ operationId: 'exportPublicRegisterFtm', summary: 'The public register as FollowTheMoney entities (JSON Lines), for screening systems', security: [] })
  @ApiOkResponse({
    description: 'The register as FollowTheMoney entities, one JSON object per line: each target (Person, LegalEntity, Organization) and its Sanction',
    headers: { 'X-Log-Position': { description: 'The log position the export reflects', schema: { type: 'string' } } },
  })
  @ApiRegisterReadErrors()
  async followTheMoney(@Query() query: ConsistencyQuery, @Res({ passthrough: true }) reply: Reply): Promise<string> {
    await this.readModels.consistentWith(query);
    const { position, entries } = await this.readModels.reader.publicRegister();
    reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    reply.header('cache-control', 'public, max-age=10');
    reply.header('x-log-position', String(position ?? ''));
    return toFtmJsonLines(entries, { authority: this.config.registerAuthority, publicBaseUrl: this.config.publicBaseUrl });
  }

  @Get('register/:id')
  @Header('cache-control', 'public, max-age=10')
  @ApiOperation({ operationId: 'getPublicRegisterEntry', summary: 'One designation in force, redacted', security: [] })
  @ApiDesignationId()
  @ApiOkResponse({ description: 'One designation in force, redacted' })
  @ApiReadErrors({ from: 'read-models', public: true, invalid: [CODES.request], notFound: [CODES.designationNotFound], notes: { 404: 'Or none in force with this id.' } })
  async entry(@Param('id', new ParseUUIDPipe()) id: string) {
    const entry = await this.readModels.reader.publicEntry(id);
    if (!entry) throw new NotFoundException({ message: `No designation ${id} is in force`, code: 'DESIGNATION.NOT_FOUND' });
    return entry;
  }

  @Get('changes')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'listPublicRegisterChanges', summary: 'The change feed of the public register, to sync from', security: [] })
  @ApiOkResponse({
    description:
      'Changes to the register after `since`, oldest first: ADD (entered into force), MOD (its public content changed), DEL (lifted, expired or annulled), each with the `position` that made it. Ask again with `nextSince`.',
  })
  @ApiRegisterReadErrors()
  async changes(@Query() query: ChangesQuery) {
    await this.readModels.consistentWith(query);
    return this.readModels.reader.publicChanges(query.since ?? 0, query.limit ?? 500);
  }
}
