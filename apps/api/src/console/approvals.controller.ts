import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Designations } from '@app/application';
import { exists } from '@app/domain';
import { ImportRuleError, type ListImports } from '@app/imports';
import { LIST_IMPORTS } from '../lists/lists.tokens';
import { ReadModelsService } from '../read-models/read-models.service';
import { actorOf } from './actor';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import type { FormBody } from './console-http';
import { CONSOLE_SESSIONS } from './console.tokens';
import { field } from './forms';
import { refusalOf } from './outcomes';
import { Pages } from './pages';
import { ConsoleSessions, type Session } from './sessions';

const BATCH = /^[A-Za-z0-9._:-]{1,100}$/;
const QUEUE_LIMIT = 100;

/** What a senior official can do about a refused batch decision. */
const IMPORT_ADVICE: Record<string, string> = {
  'ACTOR.FOUR_EYES': 'You prepared this batch, so a different senior official must approve it.',
  'IMPORT.BATCH_NOT_PREPARED': 'This batch has already been decided. Reload the page to see what happened.',
  'IMPORT.PLAN_CHANGED': 'The list has moved on since this batch was prepared. Prepare a new batch from the current release.',
  'LIST.BASE_CHANGED': 'The list has moved on since this batch was prepared. Prepare a new batch from the current release.',
  'INPUT.REASON_REQUIRED': 'Say why you are rejecting the batch.',
};

/**
 * A senior official's queue: proposals and import batches awaiting a second official, never their
 * own (the four-eyes rule, which the domain enforces again on approval).
 */
@ApiExcludeController()
@PagesController()
@Controller('console')
export class ApprovalsController {
  constructor(
    private readonly pages: Pages,
    private readonly readModels: ReadModelsService,
    private readonly designations: Designations,
    @Inject(LIST_IMPORTS) private readonly imports: ListImports,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
  ) {}

  @Get('approvals')
  @SignedIn('senior_official')
  async queue(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    const me = session.data.user!.id;
    const page = await this.readModels.designations({ status: 'proposed', sort: 'proposedAt', limit: QUEUE_LIMIT, minPosition: session.data.lastPosition });
    // Who proposed each is in the log (the list's summary does not carry it).
    const proposals = (
      await Promise.all(
        page.items.map(async (item) => {
          const loaded = await this.designations.load(item.id);
          return loaded && exists(loaded.state) && loaded.state.status === 'proposed' ? { ...item, proposedBy: loaded.state.proposedBy } : undefined;
        }),
      )
    ).filter((item): item is NonNullable<typeof item> => item !== undefined);
    const batches = (await this.imports.batchesIn('prepared')).map(({ listId, batch }) => ({ listId, ...batch }));
    return this.pages.send(reply, session, 'approvals/queue.njk', {
      title: 'Approvals',
      proposals: proposals.filter((p) => p.proposedBy !== me),
      ownProposals: proposals.filter((p) => p.proposedBy === me).length,
      batches: batches.filter((b) => b.preparedBy !== me),
      ownBatches: batches.filter((b) => b.preparedBy === me).length,
    });
  }

  @Get('imports/:batchId')
  @SignedIn('official', 'senior_official')
  async batch(@VisitorSession() session: Session, @Param('batchId') batchId: string, @Res() reply: FastifyReply) {
    return this.renderBatch(reply, session, batchId, []);
  }

  @Post('imports/:batchId/approve')
  @SignedIn('senior_official')
  @HttpCode(200)
  approveBatch(@VisitorSession() session: Session, @Param('batchId') batchId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.decide(reply, session, batchId, () => this.imports.approve(batchId, actorOf(session), String(request.id)), 'The import batch is approved. The worker applies it entry by entry; its progress shows here.');
  }

  @Post('imports/:batchId/reject')
  @SignedIn('senior_official')
  @HttpCode(200)
  rejectBatch(@VisitorSession() session: Session, @Param('batchId') batchId: string, @Body() body: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const reason = field(body, 'reason');
    if (!reason) return this.renderBatch(reply, session, batchId, [{ text: 'Say why you are rejecting the batch', href: '#reason' }], 400, { reason: { text: 'Say why you are rejecting the batch' } });
    return this.decide(reply, session, batchId, () => this.imports.reject(batchId, reason.slice(0, 2000), actorOf(session), String(request.id)), 'The import batch is rejected. Nothing from it will be applied.');
  }

  private async decide(reply: FastifyReply, session: Session, batchId: string, run: () => Promise<unknown>, done: string) {
    await this.findBatch(batchId);
    try {
      await run();
    } catch (error) {
      const refusal = refusalOf(error);
      const text = error instanceof ImportRuleError ? (IMPORT_ADVICE[error.code] ?? error.message) : refusal && refusal.kind !== 'invalid' ? refusal.text : undefined;
      if (text === undefined) throw error;
      return this.renderBatch(reply, session, batchId, [{ text, href: '#decision' }], 409);
    }
    session.data.flash = { title: done };
    await this.sessions.save(session);
    return this.pages.seeOther(reply, `/console/imports/${encodeURIComponent(batchId)}`);
  }

  private async findBatch(batchId: string) {
    if (!BATCH.test(batchId)) throw new NotFoundException();
    try {
      return await this.imports.findBatch(batchId);
    } catch (error) {
      if (error instanceof ImportRuleError && error.code === 'IMPORT.BATCH_NOT_FOUND') throw new NotFoundException();
      throw error;
    }
  }

  private async renderBatch(reply: FastifyReply, session: Session, batchId: string, errors: { text: string; href: string }[], status = 200, fieldErrors: Record<string, { text: string }> = {}) {
    const view = await this.findBatch(batchId);
    const entries = await this.imports.entries(batchId);
    const me = session.data.user!;
    if (!me.roles.includes('official') && !me.roles.includes('senior_official')) throw new ForbiddenException();
    return this.pages.send(reply, session, 'approvals/batch.njk', {
      title: `Import batch ${batchId}`,
      listId: view.listId,
      batch: view.batch,
      entries: entries.slice(0, 200),
      more: Math.max(0, entries.length - 200),
      canDecide: view.batch.status === 'prepared' && me.roles.includes('senior_official') && view.batch.preparedBy !== me.id,
      errors,
      fieldErrors,
      backLink: '/console/approvals',
    }, { status });
  }
}
