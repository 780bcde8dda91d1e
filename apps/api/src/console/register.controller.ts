import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CATEGORIES, type Category } from '@app/domain';
import type { PublicEntry } from '@app/read-models';
import { ReadModelsService } from '../read-models/read-models.service';
import { Pages as PagesController, VisitorSession } from './console.decorators';
import { Pages } from './pages';
import type { Session } from './sessions';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PUBLIC_CACHE = 'public, max-age=10';

/** What anyone may read without signing in: the designations in force, redacted as the JSON register is. */
@ApiExcludeController()
@PagesController()
@Controller('register')
export class RegisterPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly readModels: ReadModelsService,
  ) {}

  @Get()
  async list(@VisitorSession() session: Session | undefined, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const category = typeof query.category === 'string' && (CATEGORIES as readonly string[]).includes(query.category) ? (query.category as Category) : undefined;
    const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
    // A signed-in official who has just decided something sees it in the register (read your writes).
    await this.readModels.consistentWith({ minPosition: session?.data.lastPosition });
    const { entries, position } = await this.readModels.reader.publicRegister();
    const needle = q.toLowerCase();
    const found = entries
      .filter((entry) => !category || entry.category === category)
      .filter((entry) => !needle || searchable(entry).includes(needle))
      .sort((a, b) => a.target.name.localeCompare(b.target.name));
    const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
    const shown = found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const link = (n: number) => `/register?${new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}), page: String(n) })}`;
    return this.pages.send(reply, session, 'register/list.njk', {
      title: 'Public register of cyber sanctions',
      indexable: true,
      q,
      category,
      categories: CATEGORIES.map((value) => ({ value, text: value.replace(/[_-]+/g, ' '), selected: value === category })),
      entries: shown,
      total: found.length,
      position,
      pagination: pages > 1 ? {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
        items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === page })),
      } : undefined,
    }, { cacheControl: PUBLIC_CACHE });
  }

  @Get(':id')
  async entry(@VisitorSession() session: Session | undefined, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!UUID.test(id)) throw new NotFoundException();
    const entry = await this.readModels.reader.publicEntry(id);
    if (!entry) throw new NotFoundException();
    return this.pages.send(reply, session, 'register/entry.njk', { title: entry.target.name, indexable: true, entry, backLink: '/register' }, { cacheControl: PUBLIC_CACHE });
  }
}

function searchable(entry: PublicEntry): string {
  return [entry.target.name, ...entry.target.aliases, entry.target.country, ...entry.target.identifiers.map((i) => i.value), ...entry.coalition.crossListReferences]
    .join('\n')
    .toLowerCase();
}
