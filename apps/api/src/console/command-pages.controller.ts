import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Designations } from '@app/application';
import { exists, type Designation } from '@app/domain';
import { actionFor, allowed } from './actions';
import { actorOf } from './actor';
import { commandFormFor, errorText, type CommandForm } from './command-forms';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import type { FormBody } from './console-http';
import { CONSOLE_SESSIONS } from './console.tokens';
import { errorList, field, type FieldErrors } from './forms';
import { historyOf, type HistoryItem } from './history';
import { refusalOf, sentence, validated } from './outcomes';
import { Pages } from './pages';
import { EvidenceReads } from './evidence-access';
import { ConsoleSessions, type Session } from './sessions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[0-9a-f-]{36}$/;

interface FormState {
  values: FormBody;
  fieldErrors: FieldErrors;
  errors: { text: string; href: string }[];
  /** The events recorded since the revision the form was opened at, when a change came in between. */
  changes?: HistoryItem[];
}

/**
 * Every lifecycle command's page: a form that sends the command through the same use case as the
 * JSON API (Designations.execute) with the actor signed in, the revision the official saw as the
 * expected revision (a change in between is shown, not overwritten) and a per-form idempotency key
 * (a second click records nothing new).
 */
@ApiExcludeController()
@PagesController()
@Controller('console/designations/:id')
export class CommandPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly designations: Designations,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
    private readonly evidenceReads: EvidenceReads,
  ) {}

  @Get(':action')
  @SignedIn()
  async form(@VisitorSession() session: Session, @Param('id') id: string, @Param('action') slug: string, @Res() reply: FastifyReply) {
    const { form, d, revision } = await this.open(session, id, slug);
    return this.render(reply, session, form, d, revision, { values: { key: randomUUID() }, fieldErrors: {}, errors: [] });
  }

  @Post(':action')
  @SignedIn()
  @HttpCode(200)
  async send(@VisitorSession() session: Session, @Param('id') id: string, @Param('action') slug: string, @Body() body: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // The status is left to the domain here: a change since the form was opened is shown as such, not as a 403.
    const { form, d, revision } = await this.open(session, id, slug, false);
    const key = field(body, 'key');
    const seen = Number(field(body, 'revision'));
    const values = { ...body, key: KEY.test(key) ? key : randomUUID() };
    const checked = await validated(form.dto, form.body(body, d));
    if ('errors' in checked) {
      const fieldErrors: FieldErrors = {};
      for (const { field: path, messages } of checked.errors) {
        const id = form.fieldOf?.(path) ?? path.split('.')[0];
        fieldErrors[id] ??= { text: errorText(form, id, messages[0]) ?? sentence(messages[0], path) };
      }
      return this.render(reply, session, form, d, Number.isInteger(seen) ? seen : revision, { values, fieldErrors, errors: errorList(fieldErrors) }, 400);
    }
    try {
      const receipt = await this.designations.execute(form.command, id, checked.value, {
        actor: actorOf(session),
        expectedRevision: Number.isInteger(seen) && seen >= 0 ? seen : undefined,
        idempotencyKey: `console:${values.key}`,
        correlationId: String(request.id),
      });
      session.data.lastPosition = receipt.position;
      session.data.flash = { title: form.done };
      await this.sessions.save(session);
      return this.pages.seeOther(reply, `/console/designations/${id}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal || refusal.kind === 'invalid') throw error;
      if (refusal.kind === 'stale') {
        // Shown against what is now recorded: the form keeps what was typed, at the new revision, for the official to send again knowingly.
        const changes = historyOf((await this.designations.events(id)).slice(seen + 1));
        return this.render(reply, session, form, d, revision, { values, fieldErrors: {}, errors: [{ text: refusal.text, href: '#changes' }], changes }, 409);
      }
      // A refusal about one field (a representation not ticked) is shown at that field, and the summary links to it.
      const at = refusal.kind === 'rule' ? form.refusalFields?.[refusal.code] : undefined;
      if (at) return this.render(reply, session, form, d, revision, { values, fieldErrors: { [at]: { text: refusal.text } }, errors: [{ text: refusal.text, href: `#${at}` }] }, 409);
      return this.render(reply, session, form, d, revision, { values, fieldErrors: {}, errors: [{ text: refusal.text, href: '#main-form' }] }, 409);
    }
  }

  private async open(session: Session, id: string, slug: string, checkStatus = true): Promise<{ form: CommandForm; d: Designation; revision: number }> {
    const form = commandFormFor(slug);
    const action = actionFor(slug === 'reject' ? 'approve' : slug);
    if (!form || !action || !UUID.test(id)) throw new NotFoundException();
    const loaded = await this.designations.load(id);
    if (!loaded || !exists(loaded.state)) throw new NotFoundException();
    if (!action.roles.some((role) => session.data.user!.roles.includes(role))) throw new ForbiddenException(`${action.text} needs one of the roles: ${action.roles.join(', ').replace(/_/g, ' ')}`);
    if (checkStatus && !allowed(action, loaded.state, session.data.user!)) throw new ForbiddenException(`${action.text} is not possible while the designation is ${loaded.state.status}`);
    return { form, d: loaded.state, revision: loaded.revision };
  }

  private async render(reply: FastifyReply, session: Session, form: CommandForm, d: Designation, revision: number, state: FormState, status = 200) {
    // Some choices come from the events (a representation's sender and summary): read only for the forms that offer choices.
    const events = form.choices ? await this.designations.events(d.designationId) : [];
    // The approval page lays the whole proposal out, its evidence too: read on the record, as the designation's page reads it.
    const evidence = form.template === 'approve' ? await this.evidenceReads.open(session, d, undefined, String(reply.request.id)) : undefined;
    return this.pages.send(reply, session, `actions/${form.template}.njk`, {
      evidence,
      title: form.title,
      slug: form.slug,
      d,
      revision,
      ...state,
      ...(form.choices?.(d, events) ?? {}),
      backLink: `/console/designations/${d.designationId}`,
    }, { status });
  }
}
