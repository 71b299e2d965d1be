import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Produces } from '../common/http/request-contract';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

/**
 * Swagger UI runs from files this service serves, with no inline script or style, so the page works
 * under a policy that lets in nothing but its own origin.
 */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Change audit and freeze service: API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-initializer.js"></script>
  </body>
</html>
`;

/** Its own file, not an inline script: the CSP allows scripts from this origin only. */
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

/** The files of swagger-ui-dist the page loads, and their media types. */
const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** The served API's OpenAPI 3.1 description (GET /openapi.json) and a browsable page of it (GET /docs). */
@Controller()
export class OpenApiController {
  private document?: string;
  private readonly assets = new Map<string, string>();

  constructor(private readonly modules: ModulesContainer) {}

  @Get('openapi.json')
  @Public()
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'no-cache')
  openApi(): string {
    // Built from the controllers this app registered, so it describes exactly what it serves.
    this.document ??= serializeOpenApiDocument(buildOpenApiDocument(this.controllers()));
    return this.document;
  }

  @Get('docs')
  @Public()
  @Produces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
  docs(): string {
    return DOCS_PAGE;
  }

  /** The page's script and style sheet (swagger-ui-dist) and its initializer. */
  @Get('docs/:file')
  @Public()
  @Produces('text/plain')
  @Header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
  @Header('cache-control', 'public, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (file === 'swagger-initializer.js') {
      void reply.header('content-type', 'text/javascript; charset=utf-8');
      return INITIALIZER;
    }
    const mediaType = SWAGGER_UI_FILES[file];
    if (mediaType === undefined) throw new NotFoundException(`no file ${file} under /docs`);
    void reply.header('content-type', mediaType);
    let text = this.assets.get(file);
    if (text === undefined) {
      text = readFileSync(path.join(swaggerUiDir(), file), 'utf8');
      this.assets.set(file, text);
    }
    return text;
  }

  private controllers(): Type[] {
    return [...this.modules.values()].flatMap((module) =>
      [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
    );
  }
}

function swaggerUiDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** Pretty-printed with a final newline, as contracts/openapi.json is committed. */
export function serializeOpenApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
