import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Designations } from '@app/application';
import { ProposeDesignationDto } from '../designations/dto/designation-terms.dto';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import type { FormBody } from './console-http';
import { errorList, field, type FieldErrors } from './forms';
import { refusalOf, sentence, validated } from './outcomes';
import { Pages } from './pages';
import { CHOICES, EVIDENCE_ROWS, BASIS_ROWS, EXEMPTION_ROWS, measureId, proposalFrom, STEPS, stepFor, stepForRule, type Draft } from './propose.steps';
import { ConsoleSessions, type Session } from './sessions';
import { CONSOLE_SESSIONS } from './console.tokens';
import { actorOf } from './actor';

const DRAFT = /^[0-9a-f-]{36}$/;

type ProblemList = { text: string; href: string }[];

/**
 * Proposing a designation as a sequence of question pages, a check-your-answers page and a
 * confirmation: answers are kept in the session, checked on each page by the same DTO as
 * POST /designations, and submitted through the same use case (Designations.propose), with the
 * draft's id as the idempotency key so that a second click proposes nothing new.
 */
@ApiExcludeController()
@PagesController()
@Controller('console/propose')
export class ProposePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly designations: Designations,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
  ) {}

  @Get()
  @SignedIn('official')
  start(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    return this.pages.send(reply, session, 'propose/start.njk', { title: 'Propose a designation', steps: STEPS, backLink: '/console/designations' });
  }

  @Post()
  @SignedIn('official')
  async begin(@VisitorSession() session: Session, @Res() reply: FastifyReply) {
    const id = randomUUID();
    session.data.drafts = { ...(session.data.drafts ?? {}), [id]: {} };
    // A session keeps its five newest drafts.
    const ids = Object.keys(session.data.drafts);
    for (const old of ids.slice(0, Math.max(0, ids.length - 5))) delete session.data.drafts[old];
    await this.sessions.save(session);
    return this.pages.seeOther(reply, `/console/propose/${id}/${STEPS[0].slug}`);
  }

  @Get('done/:id')
  @SignedIn('official')
  async done(@VisitorSession() session: Session, @Param('id') id: string, @Res() reply: FastifyReply) {
    const loaded = DRAFT.test(id) ? await this.designations.load(id) : undefined;
    if (!loaded || loaded.state.status === 'none') throw new NotFoundException();
    return this.pages.send(reply, session, 'propose/done.njk', { title: 'Designation proposed', id, name: loaded.state.target.name });
  }

  @Get(':draft/check')
  @SignedIn('official')
  async check(@VisitorSession() session: Session, @Param('draft') draftId: string, @Res() reply: FastifyReply) {
    const draft = this.draft(session, draftId);
    const built = proposalFrom(draft);
    const result = await validated(ProposeDesignationDto, built.body);
    const errors: ProblemList = 'errors' in result ? this.problems(draftId, built, result.errors) : [];
    return this.renderCheck(reply, session, draftId, draft, errors);
  }

  @Post(':draft/submit')
  @SignedIn('official')
  @HttpCode(200)
  async submit(@VisitorSession() session: Session, @Param('draft') draftId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const draft = this.draft(session, draftId);
    const built = proposalFrom(draft);
    const result = await validated(ProposeDesignationDto, built.body);
    if ('errors' in result) return this.renderCheck(reply, session, draftId, draft, this.problems(draftId, built, result.errors), 400);
    try {
      const receipt = await this.designations.propose(result.value, { actor: actorOf(session), idempotencyKey: draftId, correlationId: String(request.id) });
      delete session.data.drafts![draftId];
      session.data.lastPosition = receipt.position;
      await this.sessions.save(session);
      return this.pages.seeOther(reply, `/console/propose/done/${receipt.id}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal?.kind !== 'rule') throw error;
      return this.renderCheck(reply, session, draftId, draft, [{ text: refusal.text, href: `/console/propose/${draftId}/${stepForRule(refusal.code)}?check=1` }], 409);
    }
  }

  @Get(':draft/:step')
  @SignedIn('official')
  question(@VisitorSession() session: Session, @Param('draft') draftId: string, @Param('step') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const draft = this.draft(session, draftId);
    const step = stepFor(slug);
    if (!step) throw new NotFoundException();
    const fromCheck = (request.query as Record<string, unknown>).check === '1';
    return this.renderStep(reply, session, draftId, draft, slug, {}, fromCheck);
  }

  @Post(':draft/:step')
  @SignedIn('official')
  @HttpCode(200)
  async answer(@VisitorSession() session: Session, @Param('draft') draftId: string, @Param('step') slug: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const draft = this.draft(session, draftId);
    const step = stepFor(slug);
    if (!step) throw new NotFoundException();
    draft[slug] = step.read(body);
    await this.sessions.save(session);
    const fromCheck = field(body, 'check') === '1';
    const built = proposalFrom(draft);
    const result = await validated(ProposeDesignationDto, built.body);
    const fieldErrors: FieldErrors = {};
    if ('errors' in result) {
      for (const { field: path, messages } of result.errors) {
        const at = built.fieldOf(path);
        if (at?.step === slug) fieldErrors[at.id] ??= { text: sentence(messages[0], path) };
      }
    }
    if (Object.keys(fieldErrors).length > 0) return this.renderStep(reply, session, draftId, draft, slug, fieldErrors, fromCheck, 400);
    const next = STEPS[STEPS.indexOf(step) + 1];
    return this.pages.seeOther(reply, fromCheck || !next ? `/console/propose/${draftId}/check` : `/console/propose/${draftId}/${next.slug}`);
  }

  private draft(session: Session, id: string): Draft {
    const draft = DRAFT.test(id) ? session.data.drafts?.[id] : undefined;
    if (!draft) throw new NotFoundException();
    return draft as Draft;
  }

  private problems(draftId: string, built: ReturnType<typeof proposalFrom>, errors: { field: string; messages: string[] }[]): ProblemList {
    const seen = new Set<string>();
    const list: ProblemList = [];
    for (const { field: path, messages } of errors) {
      const at = built.fieldOf(path) ?? { step: 'target', id: 'kind' };
      const key = `${at.step}#${at.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const step = stepFor(at.step)!;
      list.push({ text: `${step.title}: ${sentence(messages[0], path)}`, href: `/console/propose/${draftId}/${at.step}?check=1#${at.id}` });
    }
    return list;
  }

  private renderStep(reply: FastifyReply, session: Session, draftId: string, draft: Draft, slug: string, fieldErrors: FieldErrors, fromCheck: boolean, status = 200) {
    const step = stepFor(slug)!;
    const index = STEPS.indexOf(step);
    const previous = fromCheck ? `/console/propose/${draftId}/check` : index > 0 ? `/console/propose/${draftId}/${STEPS[index - 1].slug}` : '/console/propose';
    const chosenMeasures = (Array.isArray(draft.measures?.measures) ? draft.measures.measures : []) as string[];
    return this.pages.send(reply, session, `propose/${slug}.njk`, {
      title: step.title,
      step,
      number: index + 1,
      of: STEPS.length,
      draftId,
      values: draft[slug] ?? {},
      fieldErrors,
      errors: errorList(fieldErrors),
      fromCheck,
      backLink: previous,
      choices: CHOICES,
      evidenceRows: EVIDENCE_ROWS,
      basisRows: BASIS_ROWS,
      exemptionRows: EXEMPTION_ROWS,
      chosenMeasures: chosenMeasures.map((type) => ({ id: measureId(type), type })),
    }, { status });
  }

  private renderCheck(reply: FastifyReply, session: Session, draftId: string, draft: Draft, errors: ProblemList, status = 200) {
    const { body } = proposalFrom(draft);
    return this.pages.send(reply, session, 'propose/check.njk', { title: 'Check your answers before proposing', draftId, p: body, errors, steps: STEPS, backLink: `/console/propose/${draftId}/${STEPS[STEPS.length - 1].slug}` }, { status });
  }
}
