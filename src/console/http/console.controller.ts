import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { Produces } from '../../common/http/request-contract';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { setConsoleHeaders } from '../console-headers';
import { consoleBuilt, resolveConsoleFile } from '../console-files';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web console: the build in CONSOLE_DIR (Vite writes dist/console/, base /console/) served at
 * /console/ as a single-page app. The page needs no key to load; its data comes from the API, signed in
 * by session cookie (POST /v1/session).
 */
@Controller()
export class ConsoleController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The service's root: the console. */
  @Get()
  @Public()
  @HttpCode(302)
  @Produces('text/html')
  root(@Res() reply: FastifyReply): void {
    void reply.redirect('/console/', 302);
  }

  @Get('console')
  @Public()
  @Produces('text/html')
  page(@Res() reply: FastifyReply): void {
    this.serve(reply, '');
  }

  /** A file of the build, or the page for any other path without an extension (the app's own routes). */
  @Get('console/*')
  @Public()
  @Produces('text/html')
  file(@Param('*') requested: string, @Res() reply: FastifyReply): void {
    this.serve(reply, requested);
  }

  private serve(reply: FastifyReply, requested: string): void {
    setConsoleHeaders(reply);
    const root = this.config.consoleDir;
    if (!consoleBuilt(root)) {
      throw new NotFoundException(
        `the console is not built: no index.html in ${root} (build it with Vite into dist/console, or set CONSOLE_DIR)`,
      );
    }
    const found = resolveConsoleFile(root, requested);
    if (found.kind === 'missing') throw new NotFoundException(`no file ${requested} in the console`);
    // Hashed assets never change under their name; the page must be revalidated so a new build is seen.
    void reply.header('cache-control', found.hashed ? IMMUTABLE : 'no-cache');
    void reply.sendFile(found.relative, root, { cacheControl: false, dotfiles: 'deny' });
  }
}
