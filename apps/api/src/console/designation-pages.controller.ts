import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Designations } from '@app/application';
import { CATEGORIES, exists, MEASURE_TYPES, STATUSES, TARGET_KINDS, type Designation } from '@app/domain';
import { DESIGNATION_SORTS } from '@app/read-models';
import { ListDesignationsQuery } from '../read-models/read-model.queries.dto';
import { ReadModelsService } from '../read-models/read-models.service';
import { Pages as PagesController, SignedIn, VisitorSession } from './console.decorators';
import { historyOf } from './history';
import { validated } from './outcomes';
import { Pages } from './pages';
import type { Session } from './sessions';
import { actionsFor } from './actions';
import { EvidenceReads } from './evidence-access';
import { ConsoleViews, RenderedFragments } from './views';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTERS = ['q', 'status', 'category', 'measureType', 'targetKind', 'country', 'sort', 'cursor'] as const;
const PAGE_SIZE = 25;

const options = (values: readonly string[], chosen: unknown, any: string) => [
  { value: '', text: any },
  ...values.map((value) => ({ value, text: value.replace(/[_-]+/g, ' '), selected: value === chosen })),
];

/** The consolidated list and a designation's own page, for everyone who works on designations. */
@ApiExcludeController()
@PagesController()
@Controller('console/designations')
export class DesignationPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly readModels: ReadModelsService,
    private readonly designations: Designations,
    private readonly evidenceReads: EvidenceReads,
    private readonly views: ConsoleViews,
  ) {}

  private readonly bodies = new RenderedFragments();

  @Get()
  @SignedIn('official', 'senior_official', 'court', 'reviewer')
  async list(@VisitorSession() session: Session, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const given = Object.fromEntries(FILTERS.filter((name) => typeof query[name] === 'string' && query[name] !== '').map((name) => [name, String(query[name]).trim()]));
    // The same query rules as GET /designations: a value it would refuse is shown as an error, not a 500.
    const checked = await validated(ListDesignationsQuery, { ...given, limit: String(PAGE_SIZE) });
    const errors = 'errors' in checked ? checked.errors.map(({ field, messages }) => ({ text: `${field}: ${messages[0]}`, href: `#${field}` })) : [];
    // Read your writes: the list waits (at most 5 s) for the read models to show the user's last command.
    const page = 'value' in checked ? await this.readModels.designations({ ...(checked.value as ListDesignationsQuery), minPosition: session.data.lastPosition }) : { items: [], nextCursor: null };
    const next = page.nextCursor ? `/console/designations?${new URLSearchParams({ ...given, cursor: page.nextCursor })}` : undefined;
    return this.pages.send(reply, session, 'designations/list.njk', {
      title: 'Designations',
      filters: given,
      errors,
      items: page.items,
      next,
      first: given.cursor ? `/console/designations?${new URLSearchParams(Object.fromEntries(Object.entries(given).filter(([k]) => k !== 'cursor')))}` : undefined,
      statusOptions: options(STATUSES, given.status, 'Any status'),
      categoryOptions: options(CATEGORIES, given.category, 'Any category'),
      measureOptions: options(MEASURE_TYPES, given.measureType, 'Any measure'),
      kindOptions: options(TARGET_KINDS, given.targetKind, 'Any kind of target'),
      sortOptions: DESIGNATION_SORTS.flatMap((sort) => [
        { value: sort, text: `${sort.replace(/([A-Z])/g, ' $1').toLowerCase()}, ascending`, selected: given.sort === sort },
        { value: `-${sort}`, text: `${sort.replace(/([A-Z])/g, ' $1').toLowerCase()}, descending`, selected: given.sort === `-${sort}` },
      ]),
    });
  }

  @Get(':id')
  @SignedIn('official', 'senior_official', 'court', 'reviewer')
  async designation(@VisitorSession() session: Session, @Param('id') id: string, @Query('purpose') purpose: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const loaded = UUID.test(id) ? await this.designations.history(id) : undefined;
    if (!loaded || !exists(loaded.state)) throw new NotFoundException();
    const evidence = await this.evidenceReads.open(session, loaded.state, purpose, String(request.id));
    const purposeError = evidence.shown === false ? evidence.purposeError : undefined;
    const actions = actionsFor(loaded.state as Designation, session.data.user!);
    // Everything the body shows is in its key: the revision read from the log just now (so never a
    // stale page), what this viewer may do and see, and today (deadlines are said relative to it).
    const key = [id, loaded.revision, evidence.shown, evidence.shown ? '' : `${String(purpose ?? '')}:${purposeError ?? ''}`, actions.map((a) => a.slug).join(','), new Date().toISOString().slice(0, 10)].join('|');
    const body = this.bodies.get(key, () =>
      this.views.render('designations/_body.njk', {
        d: loaded.state,
        revision: loaded.revision,
        history: historyOf(loaded.events).reverse(),
        actions,
        evidence,
        purpose: typeof purpose === 'string' ? purpose : '',
        fieldErrors: purposeError ? { purpose: { text: purposeError } } : {},
        path: `/console/designations/${id}`,
      }),
    );
    return this.pages.send(
      reply,
      session,
      'designations/page.njk',
      { title: loaded.state.target.name, ...(purposeError ? { errors: [{ text: purposeError, href: '#purpose' }] } : {}), backLink: '/console/designations' },
      { body },
    );
  }
}
