import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ImportErrorCode as I, readProgress, type ImportMapping, type ImportTerms, type ListImports } from '@app/imports';
import { Roles } from '../auth/auth.decorators';
import { REDIS } from '../health/redis.provider';
import { ApiUuidParam } from '../openapi/command-responses';
import { ApiProblems, ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { Command, type CommandRequest } from '../designations/command-request';
import { PrepareImportDto, ReasonBodyDto } from './lists.dto';
import { LIST_IMPORTS } from './lists.tokens';
import { plainCopy } from '../designations/dto/plain-copy';

const Uuid = () => new ParseUUIDPipe();

const commandProblems = (rules: string[], notFound: string[] = [I.BatchNotFound]) =>
  ApiProblems({
    400: [...CODES.body, CODES.request, I.ReasonRequired],
    401: [CODES.unauthenticated],
    403: [CODES.forbidden, I.RoleRequired],
    ...(notFound.length ? { 404: notFound } : {}),
    409: [...rules, 'DESIGNATION.CONCURRENT_CHANGE'],
    413: ['INPUT.TOO_LARGE'],
    415: ['INPUT.UNSUPPORTED_MEDIA_TYPE'],
    429: [CODES.rateLimited],
    503: [CODES.eventStore],
  });

/** Import batches of the authority's own list: prepare (preview), approve or reject (a second, senior official), follow the apply. */
@ApiBearerAuth()
@ApiTags(TAGS.imports.name)
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(LIST_IMPORTS) private readonly imports: ListImports,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'prepareImportBatch',
    summary: 'Prepare an import batch: compare a release with the list as it stands, under a mapping',
    description:
      "Compares the uploaded release with the list's current release (none: everything is an addition), keeping only listings under a mapped program, and records ImportBatchPrepared. Answers with the counts and every entry of the diff, each with the refusal the domain would give it now, if any. The same release, mapping and terms again record nothing and answer the same batch. An older release than the list's current one is refused (it would reverse a newer one); the list's current release again is refused (nothing to import).",
  })
  @ApiResponse({ status: 201, description: 'The batch, prepared: its counts, and every entry of the diff' })
  @ApiResponse({ status: 200, description: 'This very batch had been prepared before: the same answer, nothing recorded' })
  @commandProblems([I.BatchOpen, I.ReleaseOlder, I.ReleaseAlreadyRecorded, I.BaseChanged, I.BatchNotPrepared], [I.ReleaseNotFound])
  async prepare(@Body() body: PrepareImportDto, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { mapping, terms } = plainCopy(body) as { mapping: ImportMapping; terms: ImportTerms };
    const preview = await this.imports.prepare({ releaseHash: body.releaseHash, mapping, terms }, request.actor, request.correlationId);
    void reply.status(preview.created ? HttpStatus.CREATED : HttpStatus.OK);
    return { ...summary(preview.listId, preview.batch), entries: preview.entries };
  }

  @Get(':batchId')
  @Roles('official', 'senior_official')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'getImportBatch', summary: "An import batch: its status, counts and, while it is applied, the worker's progress" })
  @ApiUuidParam('batchId', 'The batch, as prepareImportBatch answered')
  @ApiOkResponse({ description: 'The batch as the log has it, with `progress` { done, total } while the worker applies it and `applied` { added, lifted, amended, skipped } once done' })
  @ApiReadErrors({ from: 'log', invalid: [CODES.request], notFound: [I.BatchNotFound] })
  async batch(@Param('batchId', Uuid()) batchId: string) {
    const { listId, batch } = await this.imports.findBatch(batchId);
    const progress = batch.status === 'approved' ? await readProgress(this.redis, this.config.redisKeyPrefix, batchId).catch(() => undefined) : undefined;
    return { ...summary(listId, batch), ...(progress ? { progress } : {}) };
  }

  @Get(':batchId/entries')
  @Roles('official', 'senior_official')
  @ApiOperation({ operationId: 'listImportBatchEntries', summary: "Every entry of a batch's diff, as previewed" })
  @ApiUuidParam('batchId', 'The batch')
  @ApiOkResponse({ description: 'Additions, then amendments (with their field-level changes), then removals; each with the designation it becomes or changes' })
  @ApiReadErrors({ from: 'log', invalid: [CODES.request], notFound: [I.BatchNotFound] })
  @ApiProblems({ 409: [I.PlanChanged] })
  entries(@Param('batchId', Uuid()) batchId: string) {
    return this.imports.entries(batchId);
  }

  @Post(':batchId/approve')
  @Roles('senior_official')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'approveImportBatch',
    summary: 'Approve an import batch (four eyes): the worker then applies it',
    description: 'Records ImportBatchApproved. The approver is a senior official other than the one who prepared it; each entry is then applied as a lifecycle command on their authority, and ImportBatchApplied closes the batch.',
  })
  @ApiUuidParam('batchId', 'The batch')
  @ApiAcceptedResponse({ description: 'Approved; the worker applies it: follow getImportBatch' })
  @commandProblems([I.BatchNotPrepared, I.FourEyes, I.BaseChanged])
  async approve(@Param('batchId', Uuid()) batchId: string, @Command() request: CommandRequest) {
    const { listId, batch } = await this.imports.approve(batchId, request.actor, request.correlationId);
    return summary(listId, batch);
  }

  @Post(':batchId/reject')
  @Roles('senior_official')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rejectImportBatch', summary: 'Reject an import batch, with the reason' })
  @ApiUuidParam('batchId', 'The batch')
  @ApiOkResponse({ description: 'The batch, rejected' })
  @commandProblems([I.BatchNotPrepared])
  async reject(@Param('batchId', Uuid()) batchId: string, @Body() body: ReasonBodyDto, @Command() request: CommandRequest) {
    const { listId, batch } = await this.imports.reject(batchId, body.reason, request.actor, request.correlationId);
    return summary(listId, batch);
  }
}

function summary(listId: string, batch: import('@app/imports').BatchState) {
  const { mapping, terms, ...rest } = batch;
  return { listId, ...rest, mapping, terms };
}
