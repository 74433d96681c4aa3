import type { Catalogue, PublicDocumentary } from '@atelier/contracts';
import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { CatalogueService, type MediaObject } from './catalogue.service.js';
import { byteRange, SessionToken } from './session-token.js';

/** No sign-in: the public catalogue, its feed, the watch information and the authorising media route. */
@ApiTags('catalogue')
@Public()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('api/catalogue/:slug')
  async list(
    @Param('slug') slug: string,
    @Query('after') after: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Catalogue | void> {
    if (await this.redirectMoved(slug, req, res)) return;
    return this.catalogue.catalogue(slug, typeof after === 'string' ? after : undefined);
  }

  @Get('api/catalogue/:slug/feed.atom')
  async feed(
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | void> {
    if (await this.redirectMoved(slug, req, res)) return;
    const atom = await this.catalogue.feed(slug);
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    return atom;
  }

  /** The catalogue page: the web client, or a permanent redirect when the organisation changed its address. */
  @Get('catalogue/:slug')
  async cataloguePage(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (await this.redirectMoved(slug, req, res)) return;
    const page = await this.catalogue.cataloguePage(slug);
    res.setHeader('Cache-Control', 'no-cache');
    res.status(page.status).type('html').send(page.html);
  }

  /** `Save-Data: on` (a browser's data saver) makes a film with a sound-only rendition start with it. */
  @Get('api/watch/:id')
  @Header('Cache-Control', 'private, no-store')
  @Header('Vary', 'Save-Data')
  async watch(
    @Param('id', ID) id: string,
    @Query('k') k: string | undefined,
    @SessionToken() token: string | null,
    @Req() req: Request,
  ): Promise<PublicDocumentary> {
    const saveData = /^\s*on\s*$/i.test(String(req.headers['save-data'] ?? ''));
    return this.catalogue.watch(id, k, await this.catalogue.viewer(token), saveData);
  }

  @Get('api/watch/:id/:access/media/*path')
  async media(
    @Param('id', ID) id: string,
    @Param('access') access: string,
    @Param('path') path: string | string[],
    @SessionToken() token: string | null,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const object = await this.catalogue.media(
      id,
      access,
      Array.isArray(path) ? path.join('/') : path,
      await this.catalogue.viewer(token),
      req.headers.accept,
    );
    await this.send(object, req, res);
  }

  @Get('api/watch/:id/:access/subtitles/:language.vtt')
  async subtitles(
    @Param('id', ID) id: string,
    @Param('access') access: string,
    @Param('language') language: string,
    @SessionToken() token: string | null,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(await this.catalogue.subtitles(id, access, language, await this.catalogue.viewer(token)), req, res);
  }

  /** The watch page: the web client's index.html with Open Graph tags for link previews. */
  @Get('watch/:id')
  async watchPage(
    @Param('id') id: string,
    @Query('k') k: string | undefined,
    @SessionToken() token: string | null,
    @Res() res: Response,
  ): Promise<void> {
    const page = await this.catalogue.page(id, k, await this.catalogue.viewer(token), 'watch');
    res.setHeader('Cache-Control', 'no-cache');
    res.status(page.status).type('html').send(page.html);
  }

  /** The embeddable player: the only page other sites may show in an iframe. */
  @Get('embed/:id')
  async embedPage(
    @Param('id') id: string,
    @Query('k') k: string | undefined,
    @SessionToken() token: string | null,
    @Res() res: Response,
  ): Promise<void> {
    const page = await this.catalogue.page(id, k, await this.catalogue.viewer(token), 'embed');
    res.removeHeader('X-Frame-Options');
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    res.setHeader(
      'Content-Security-Policy',
      `${csp.replace(/frame-ancestors[^;]*;?/, '').replace(/;?\s*$/, '')};frame-ancestors *`,
    );
    res.setHeader('Cache-Control', 'no-cache');
    res.status(page.status).type('html').send(page.html);
  }

  /** 308 to the same address under the organisation's current slug, if `slug` is an old one (query kept). */
  private async redirectMoved(slug: string, req: Request, res: Response): Promise<boolean> {
    const current = await this.catalogue.movedTo(slug);
    if (!current) return false;
    const path = req.path.replace(`/${encodeURIComponent(slug)}`, `/${encodeURIComponent(current)}`);
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.redirect(308, path + query);
    return true;
  }

  /** Streams an authorised object, honouring Range (seeking in the MP4), never cacheable by shared caches. */
  private async send(object: MediaObject, req: Request, res: Response): Promise<void> {
    const range = byteRange(req.headers.range, object.size);
    res.setHeader('Content-Type', object.contentType);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-cache');
    if (object.vary) res.setHeader('Vary', object.vary);
    if (range === 'unsatisfiable') {
      res.status(416).setHeader('Content-Range', `bytes */${object.size}`).end();
      return;
    }
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.setHeader('Content-Length', String(object.size));
    }
    const stream = await this.catalogue.read(object.key, range ?? undefined);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
