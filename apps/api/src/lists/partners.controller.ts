import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { plainCopy } from '../designations/dto/plain-copy';
import { Designations } from '@app/application';
import { ErrorCode as E } from '@app/domain';
import { ImportErrorCode as I, ImportRuleError, proposalFromCandidate, type CandidateProposalTerms, type ListImports } from '@app/imports';
import { Roles } from '../auth/auth.decorators';
import { Command, type CommandRequest } from '../designations/command-request';
import { ApiCommandReceipt, ApiUuidParam } from '../openapi/command-responses';
import { ApiCommandErrors, ApiProblems, ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { CandidatesQuery, ProposeFromCandidateDto, ReasonBodyDto, RecordPartnerReleaseDto } from './lists.dto';
import { LIST_IMPORTS } from './lists.tokens';

const Uuid = () => new ParseUUIDPipe();

/** Partners' lists: record a release, and the alignment candidates it leaves (to propose, or dismiss with a reason). */
@ApiBearerAuth()
@ApiTags(TAGS.partners.name)
@Controller()
export class PartnersController {
  constructor(
    @Inject(LIST_IMPORTS) private readonly imports: ListImports,
    private readonly designations: Designations,
  ) {}

  @Post('partners/releases')
  @Roles('official', 'senior_official')
  @ApiOperation({
    operationId: 'recordPartnerRelease',
    summary: "Record a partner's release (uploaded first) and act on what changed",
    description:
      "Reconciles the release with the partner's previous one. For each entry delisted or amended that one of our designations cites (`coalition.crossListReferences`, as `<source>:<id>`, e.g. `un:KPi.033`), records PartnerListingChanged on the designation and a review reminder to its reviewing ministries. Each new listing under a watched program that none of ours cites becomes an alignment candidate. Then records PartnerReleaseRecorded. An older release than the partner's current one, or the current one again, is refused and changes nothing.",
  })
  @ApiResponse({ status: 201, description: 'What changed: counts, the designations told, the number of new candidates' })
  @ApiProblems({
    400: [...CODES.body, CODES.request],
    401: [CODES.unauthenticated],
    403: [CODES.forbidden, I.RoleRequired],
    404: [I.ReleaseNotFound],
    409: [I.ReleaseOlder, I.ReleaseAlreadyRecorded, I.BaseChanged, 'DESIGNATION.CONCURRENT_CHANGE'],
    413: ['INPUT.TOO_LARGE'],
    415: ['INPUT.UNSUPPORTED_MEDIA_TYPE'],
    429: [CODES.rateLimited],
    503: [CODES.eventStore, ...CODES.readModels],
  })
  record(@Body() body: RecordPartnerReleaseDto, @Command() request: CommandRequest) {
    return this.imports.partners.recordPartnerRelease({ releaseHash: body.releaseHash, programs: body.programs }, request.actor, request.correlationId);
  }

  @Get('alignment/candidates')
  @Roles('official', 'senior_official')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'listAlignmentCandidates', summary: "Partners' listings in watched programs that none of our designations cites" })
  @ApiOkResponse({ description: "Open candidates first, each with the partner's data as listed; dismissed ones with their reason, proposed ones with their designation" })
  @ApiReadErrors({ from: 'log', invalid: [CODES.query] })
  candidates(@Query() query: CandidatesQuery) {
    return this.imports.partners.candidates(query.status);
  }

  @Post('alignment/candidates/:candidateId/proposal')
  @Roles('official')
  @ApiOperation({
    operationId: 'proposeFromCandidate',
    summary: 'Turn a candidate into a proposal, pre-filled from the partner',
    description:
      "Proposes a designation whose target is the partner's listing, coordination `coordinated` with that partner, its references as `crossListReferences`, and the listing added to the evidence as partner-shared; the official states the rest. It then goes through the ordinary four-eyes path. A retry lands on the same proposal.",
  })
  @ApiUuidParam('candidateId', 'The candidate')
  @ApiCommandReceipt(true)
  @ApiCommandErrors({
    rules: [
      I.CandidateClosed, E.AlreadyExists, E.LegalBasisRequired, E.MeasuresRequired, E.ReviewingMinistryRequired, E.DuplicateId, E.StateBodyNotAllowed,
      E.MeasureAboveCeiling, E.AttributionConfidenceTooLow, E.InsufficientSources, E.PartnerCorroborationRequired, E.SunsetNotAfterEffect,
      E.SunsetBeyondMaxDuration, E.ReviewIntervalTooLong, E.ExemptionMeasuresRequired, E.UnknownMeasure, E.ExemptionBeyondSunset, E.HumanitarianSafeguardRequired,
    ],
    notFound: [I.CandidateNotFound],
    invalid: [E.InvalidInstant, E.InvalidDuration],
  })
  async propose(@Param('candidateId', Uuid()) candidateId: string, @Body() body: ProposeFromCandidateDto, @Command() request: CommandRequest) {
    const candidate = await this.imports.partners.candidate(candidateId);
    if (candidate.status === 'proposed' && candidate.designationId) {
      // Already proposed: answer with that proposal, as a retry of the same request would.
      const events = await this.designations.events(candidate.designationId);
      const last = events[events.length - 1];
      return { id: candidate.designationId, revision: last?.revision ?? 0, position: last?.position ?? 0 };
    }
    if (candidate.status !== 'open') throw new ImportRuleError(I.CandidateClosed, `The candidate was already ${candidate.status}`, { status: candidate.status });
    const terms = proposalFromCandidate(candidate, plainCopy(body) as CandidateProposalTerms);
    const receipt = await this.designations.propose(terms, { ...request, idempotencyKey: request.idempotencyKey ?? `alignment-candidate:${candidateId}` });
    await this.imports.partners.markProposed(candidateId, receipt.id, request.actor, request.correlationId);
    return receipt;
  }

  @Post('alignment/candidates/:candidateId/dismissal')
  @Roles('official', 'senior_official')
  @HttpCode(200)
  @ApiOperation({ operationId: 'dismissAlignmentCandidate', summary: 'Dismiss a candidate, with the reason (recorded)' })
  @ApiUuidParam('candidateId', 'The candidate')
  @ApiOkResponse({ description: 'The candidate, dismissed' })
  @ApiProblems({
    400: [...CODES.body, CODES.request, I.ReasonRequired],
    401: [CODES.unauthenticated],
    403: [CODES.forbidden, I.RoleRequired],
    404: [I.CandidateNotFound],
    409: [I.CandidateClosed, 'DESIGNATION.CONCURRENT_CHANGE'],
    413: ['INPUT.TOO_LARGE'],
    415: ['INPUT.UNSUPPORTED_MEDIA_TYPE'],
    429: [CODES.rateLimited],
    503: [CODES.eventStore],
  })
  async dismiss(@Param('candidateId', Uuid()) candidateId: string, @Body() body: ReasonBodyDto, @Command() request: CommandRequest) {
    // The dismissal's command id is the candidate's: without this, a second dismissal would be answered as a repeat of the first (200, its reason silently dropped).
    const candidate = await this.imports.partners.candidate(candidateId);
    if (candidate.status !== 'open') throw new ImportRuleError(I.CandidateClosed, `The candidate was already ${candidate.status}`, { status: candidate.status });
    return this.imports.partners.dismiss(candidateId, body.reason, request.actor, request.correlationId);
  }
}
