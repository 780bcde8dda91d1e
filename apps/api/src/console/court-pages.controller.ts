import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  buildBundle,
  NoCheckpointError,
  proposedAtAsKnown,
  renderBundleHtml,
  stateAt,
  type AuditBundle,
  type PointInTimeState,
} from '@app/audit';
import { designationStream, exists } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Designations } from '@app/application';
import { AccessLogService, AccessPurposeQuery } from '../audit/access-log.service';
import { BundleSigning } from '../audit/bundle-signing';
import { instantOrEndOfDay } from '../audit/point-in-time.controller';
import { CLOCK } from '../designations/designations.tokens';
import { actorOf } from './actor';
import { BundleCopies } from './bundle-copies';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import { sentence, validated } from './outcomes';
import { Pages } from './pages';
import { dateFrom } from './propose.steps';
import { errorList } from './forms';
import type { Session } from './sessions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "812 bytes", "23.4 kB": the size of the file to download, as file managers say it. */
const fileSize = (bytes: number): string =>
  bytes < 1_000 ? `${bytes} bytes` : new Intl.NumberFormat('en-GB', { style: 'unit', unit: bytes < 1_000_000 ? 'kilobyte' : 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes < 1_000_000 ? bytes / 1_000 : bytes / 1_000_000);

/**
 * The court's pages: a designation's audit trail as a court bundle (its root hash to quote, the
 * JSON to download and verify offline, the document for judges), and the designation as in force
 * on a date, as known now and as known on an earlier date. The same functions as the JSON API's
 * GET /designations/{id}/audit-trail and /state; every bundle read is recorded in the access log.
 */
@ApiExcludeController()
@PagesController()
@Controller('console/designations/:id')
export class CourtPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly designations: Designations,
    private readonly accessLog: AccessLogService,
    private readonly copies: BundleCopies,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    // The API's own signing (AuditModule): a bundle read here is signed, and carries the keys, as GET /designations/{id}/audit-trail's.
    private readonly signing: BundleSigning,
  ) {}

  @Get('bundle')
  @SignedIn('court', 'senior_official')
  async bundle(@VisitorSession() session: Session, @Param('id') id: string, @Query('purpose') given: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const d = await this.designation(id);
    const user = session.data.user!;
    const purpose = typeof given === 'string' ? given.trim() : undefined;
    const context = { title: 'Audit trail (court bundle)', d, backLink: `/console/designations/${id}`, values: { purpose } };
    // A court says why it reads the record (its case or proceeding): the access log keeps it.
    const checked = purpose ? await validated(AccessPurposeQuery, { purpose }) : undefined;
    if (checked && 'errors' in checked) {
      const text = sentence(checked.errors[0].messages[0], 'purpose');
      return this.pages.send(reply, session, 'court/bundle.njk', { ...context, fieldErrors: { purpose: { text } }, errors: [{ text, href: '#purpose' }] }, { status: 400 });
    }
    if (!purpose && user.roles.includes('court')) {
      const asked = given !== undefined;
      const text = 'Enter the case or proceeding you are reading the record for';
      return this.pages.send(reply, session, 'court/bundle.njk', { ...context, ...(asked ? { fieldErrors: { purpose: { text } }, errors: [{ text, href: '#purpose' }] } : {}) }, { status: asked ? 400 : 200 });
    }
    await this.accessLog.record(actorOf(session), 'audit-trail', id, purpose, String(request.id));
    let bundle: AuditBundle;
    try {
      bundle = await buildBundle(this.store, designationStream(id), { keys: (await this.signing.jwks()).keys, signer: this.signing.signer, now: this.clock });
    } catch (error) {
      if (!(error instanceof NoCheckpointError)) throw error;
      return this.pages.send(reply, session, 'court/bundle.njk', { ...context, noCheckpoint: true }, { status: 503 });
    }
    const json = JSON.stringify(bundle);
    const copy = await this.copies.keep({ userId: user.id, designationId: id, json });
    const covered = bundle.events.filter((e) => e.leafIndex !== null).length;
    return this.pages.send(reply, session, 'court/bundle.njk', {
      ...context,
      bundle,
      covered,
      events: bundle.events.map((e) => ({ revision: e.revision, type: e.type, recordedAt: e.metadata.recordedAt, covered: e.leafIndex !== null })),
      download: { href: `/console/designations/${id}/bundle/${copy}/download`, name: fileName(bundle), size: fileSize(Buffer.byteLength(json)) },
      documentHref: `/console/designations/${id}/bundle/${copy}`,
    });
  }

  /** The bundle the page showed, as the JSON API sends it, to save. */
  @Get('bundle/:copy/download')
  @SignedIn('court', 'senior_official')
  async download(@VisitorSession() session: Session, @Param('id') id: string, @Param('copy') copyId: string, @Res() reply: FastifyReply) {
    const copy = await this.copy(session, id, copyId);
    const name = fileName(JSON.parse(copy.json) as AuditBundle);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(copy.json);
  }

  /**
   * The same bundle as the document for judges (renderBundleHtml), as it is: its styles are inline
   * (it must stand alone, saved or printed), which the console's policy forbids on its own pages,
   * so it is served here with a policy allowing that stylesheet alone (by its hash), and nothing else.
   */
  @Get('bundle/:copy')
  @SignedIn('court', 'senior_official')
  async document(@VisitorSession() session: Session, @Param('id') id: string, @Param('copy') copyId: string, @Res() reply: FastifyReply) {
    const copy = await this.copy(session, id, copyId);
    const html = renderBundleHtml(JSON.parse(copy.json) as AuditBundle);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', `default-src 'none'; style-src ${styles.join(' ') || "'none'"}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
      .header('cache-control', 'no-store')
      .send(html);
  }

  @Get('as-of')
  @SignedIn('court', 'senior_official', 'official')
  async asOf(@VisitorSession() session: Session, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const d = await this.designation(id);
    const text = (name: string) => (typeof query[name] === 'string' ? String(query[name]).trim() : '');
    // A date comes as day, month and year from the form, or as YYYY-MM-DD in a link; the form shows it either way.
    const day = (name: string): string => {
      const typed = dateFrom(text(`${name}-day`), text(`${name}-month`), text(`${name}-year`));
      return typed ? typed.replace(/T00:00:00Z$/, '') : text(name);
    };
    const values: Record<string, string> = { date: day('date'), known: day('known') };
    for (const name of ['date', 'known']) {
      const [year, month, date] = /^\d{4}-\d{2}-\d{2}$/.test(values[name]) ? values[name].split('-') : [text(`${name}-year`), text(`${name}-month`), text(`${name}-day`)];
      Object.assign(values, { [`${name}-day`]: date ? String(Number(date) || date) : '', [`${name}-month`]: month ? String(Number(month) || month) : '', [`${name}-year`]: year ?? '' });
    }
    const fieldErrors: Record<string, { text: string }> = {};
    const date = values.date ? instantOrEndOfDay(values.date) : undefined;
    const known = values.known ? instantOrEndOfDay(values.known) : undefined;
    if (values.date && !date) fieldErrors.date = { text: 'Enter a real date, for example 1 3 2027' };
    if (values.known && !known) fieldErrors.known = { text: 'Enter a real date, for example 15 3 2027' };
    const context = { title: 'As in force on a date', d, values, fieldErrors, backLink: `/console/designations/${id}` };
    if (Object.keys(fieldErrors).length > 0) {
      return this.pages.send(reply, session, 'court/as-of.njk', { ...context, errors: errorList(fieldErrors) }, { status: 400 });
    }
    const now = this.clock();
    const asOf = (date ?? now).toISOString();
    const events = await this.designations.events(id);
    // Nothing is known after now: a later "known on" is now.
    const view = (knownAt: Date) => pointInTime(events, asOf, (knownAt.getTime() > now.getTime() ? now : knownAt).toISOString());
    return this.pages.send(reply, session, 'court/as-of.njk', {
      ...context,
      asOf,
      inForce: view(now),
      knownThen: known ? { knownAt: known.toISOString(), ...view(known) } : undefined,
    });
  }

  private async designation(id: string) {
    const loaded = UUID.test(id) ? await this.designations.load(id) : undefined;
    if (!loaded || !exists(loaded.state)) throw new NotFoundException();
    return loaded.state;
  }

  private async copy(session: Session, id: string, copyId: string) {
    const copy = await this.copies.find(copyId, session.data.user!.id, id);
    // Kept for a while only, and only for whoever read it: read the audit trail again for a new bundle.
    if (!copy) throw new NotFoundException();
    return copy;
  }
}

/** The designation at `asOf` as recorded by `knownAt`, or why there was none (not yet proposed, or nothing recorded yet). */
function pointInTime(events: Parameters<typeof stateAt>[0], asOf: string, knownAt: string): { state?: PointInTimeState; proposedAt?: string } {
  const state = stateAt(events, asOf, knownAt);
  return state ? { state } : { proposedAt: proposedAtAsKnown(events, knownAt) };
}

/** As the document for judges names the file it carries: letters, digits, `.`, `_` and `-` only. */
function fileName(bundle: AuditBundle): string {
  return `${bundle.stream}-tree-${bundle.checkpoint.treeSize}`.replace(/[^A-Za-z0-9._-]+/g, '_') + '.json';
}
