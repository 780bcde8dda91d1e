import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';

interface Asset {
  type: string;
  body: Buffer;
  etag: string;
}

function assetsDir(): string {
  const here = join(__dirname, 'assets');
  return existsSync(join(here, 'console.scss')) ? here : resolve(__dirname, '../../../../../apps/api/src/console/assets');
}

const govukDist = (): string => join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

function asset(type: string, body: Buffer | string): Asset {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { type, body: bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` };
}

/**
 * The console's three files, by name (nothing else on disk is reachable). The stylesheet is compiled
 * from govuk-frontend's Sass on first request, so sass is never loaded by a process that serves no page.
 */
@ApiExcludeController()
@Public()
@Controller('console/assets')
export class ConsoleAssetsController {
  private readonly loaded = new Map<string, Promise<Asset>>();

  @Get(':name')
  async get(@Param('name') name: string, @Res() reply: FastifyReply) {
    const found = this.load(name);
    if (!found) throw new NotFoundException();
    const file = await found;
    if (reply.request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.header('content-type', file.type).header('cache-control', 'public, max-age=3600').header('etag', file.etag).send(file.body);
  }

  private load(name: string): Promise<Asset> | undefined {
    const make = MAKERS[name];
    if (!make) return undefined;
    let found = this.loaded.get(name);
    if (!found) {
      found = make().catch((error: unknown) => {
        this.loaded.delete(name);
        throw error;
      });
      this.loaded.set(name, found);
    }
    return found;
  }
}

const MAKERS: Record<string, () => Promise<Asset>> = {
  'console.css': async () => {
    const sass = await import('sass');
    const { css } = await sass.compileAsync(join(assetsDir(), 'console.scss'), { loadPaths: [govukDist()], style: 'compressed', quietDeps: true });
    return asset('text/css; charset=utf-8', css);
  },
  'init.js': async () => asset('text/javascript; charset=utf-8', readFileSync(join(assetsDir(), 'init.js'))),
  'govuk-frontend.min.js': async () => asset('text/javascript; charset=utf-8', readFileSync(join(govukDist(), 'govuk/govuk-frontend.min.js'))),
};
