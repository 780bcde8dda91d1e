import { Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { everyList, type ListImports } from '@app/imports';
import { ListErrorCode } from '@app/lists';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems, ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { UploadReleaseQuery } from './lists.dto';
import { LIST_IMPORTS } from './lists.tokens';
import { FILE_CONTENT_TYPES, type UploadBody } from './upload-body';
import { ReleaseHashPipe } from './release-hash.pipe';

export const LIST_FILE_CODES = Object.values(ListErrorCode).filter((code) => code !== ListErrorCode.TooLarge && code !== ListErrorCode.ReleaseMismatch);

/** Official list releases: upload one (kept byte for byte, under its SHA-256), list them, and where each list stands. */
@ApiBearerAuth()
@ApiTags(TAGS.lists.name)
@Controller()
export class ReleasesController {
  constructor(@Inject(LIST_IMPORTS) private readonly imports: ListImports) {}

  @Post('lists/releases')
  @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'uploadListRelease',
    summary: 'Upload a release of an official list',
    description:
      'The file is the body (`application/xml`, `text/csv`, `application/zip`, `application/octet-stream`), or for the OFAC SDN CSV set a `multipart/form-data` with one part per file, named `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv`. It is parsed in the named format (a file that is not one is refused, naming the line or element) and kept byte for byte under its SHA-256, which every event derived from it cites. Uploading records nothing in the log: preparing an import batch or recording a partner release does.',
  })
  @ApiConsumes(...FILE_CONTENT_TYPES, 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The list file, or the SDN CSV set as a multipart form' })
  @ApiResponse({ status: 201, description: 'The release was new: its manifest (hash, format, source, release date, parts, number of listings)' })
  @ApiResponse({ status: 200, description: 'This exact release was already in the archive: its manifest, nothing stored again' })
  @ApiProblems(
    {
      400: [...LIST_FILE_CODES, CODES.query, CODES.request],
      401: [CODES.unauthenticated],
      403: [CODES.forbidden, 'ACTOR.ROLE_REQUIRED'],
      413: ['INPUT.TOO_LARGE', ListErrorCode.TooLarge],
      415: ['INPUT.UNSUPPORTED_MEDIA_TYPE'],
      429: [CODES.rateLimited],
      503: [CODES.eventStore],
    },
    { 413: 'For this route: a file larger than LIST_UPLOAD_MAX_BYTES (64 MiB by default), or a zip entry that inflates beyond it (`LIST.TOO_LARGE`).' },
  )
  async upload(@Query() query: UploadReleaseQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal: Principal) {
    const body = request.body as UploadBody | undefined;
    if (!body || body.upload !== true) throw new UnsupportedMediaTypeException(`Send the list file as the body (${FILE_CONTENT_TYPES.join(', ')}) or as multipart/form-data`);
    const { manifest, created } = await this.imports.upload(query.format, body.files, { releaseDate: query.releaseDate, encoding: query.encoding }, principal);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return manifest;
  }

  @Get('lists/releases')
  @Roles('official', 'senior_official')
  @ApiOperation({ operationId: 'listListReleases', summary: 'Releases in the archive, newest first' })
  @ApiOkResponse({ description: 'The manifests of the archived releases, newest first' })
  @ApiReadErrors({ from: 'log' })
  releases() {
    return this.imports.releases({ limit: 200 });
  }

  @Get('lists/releases/:releaseHash')
  @Roles('official', 'senior_official')
  @ApiOperation({ operationId: 'getListRelease', summary: "One archived release's manifest" })
  @ApiParam({ name: 'releaseHash', description: 'SHA-256 (hex) of the release', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } })
  @ApiOkResponse({ description: "The release's manifest" })
  @ApiReadErrors({ from: 'log', invalid: [CODES.request], notFound: ['LIST.RELEASE_NOT_FOUND'] })
  release(@Param('releaseHash', ReleaseHashPipe) releaseHash: string) {
    return this.imports.release(releaseHash);
  }

  @Get('lists')
  @Roles('official', 'senior_official')
  @ApiOperation({ operationId: 'listLists', summary: 'Where each followed list stands: its current release and its batches or candidates' })
  @ApiOkResponse({ description: 'Every list (own and partner, by format) that has recorded anything, with its current release' })
  @ApiReadErrors({ from: 'log' })
  async lists() {
    const found = [];
    for (const list of everyList()) {
      const { state, revision } = await this.imports.list(list);
      if (revision === 'no_stream') continue;
      const batches = Object.values(state.batches).map(({ batchId, status, release, counts, preparedBy, approvedBy }) => ({ batchId, status, releaseHash: release.releaseHash, releaseDate: release.releaseDate, counts, preparedBy, approvedBy }));
      const candidates = Object.values(state.candidates);
      found.push({
        listId: list.id,
        role: list.role,
        format: list.format,
        source: list.source,
        current: state.current ?? null,
        releases: state.releases,
        batches,
        candidates: { open: candidates.filter((c) => c.status === 'open').length, dismissed: candidates.filter((c) => c.status === 'dismissed').length, proposed: candidates.filter((c) => c.status === 'proposed').length },
      });
    }
    return found;
  }
}
