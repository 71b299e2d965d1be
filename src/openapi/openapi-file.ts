import path from 'node:path';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { contractsDir } from '../contracts/contract-validator';
import { buildOpenApiDocument, controllersOf } from './openapi-document';
import { serializeOpenApiDocument } from './openapi.controller';

/** Where `npm run openapi` writes the document (and where CI expects it to be current). */
export const OPENAPI_FILE = path.join(contractsDir(), 'openapi.json');

/**
 * contracts/openapi.json as the code describes it: the routes of the app's module tree with the default
 * configuration (e.g. GET /metrics needing a key). Written as JSON.stringify writes it (and as
 * GET /openapi.json serves it), so .prettierignore leaves it alone.
 */
export function openApiFileText(): string {
  const config = loadConfig({
    API_KEYS: JSON.stringify([{ key: 'openapi-generator', roles: ['admin'], name: 'openapi' }]),
  });
  const document = buildOpenApiDocument(controllersOf(AppModule.forRoot(config, 'postgres://unused')));
  return serializeOpenApiDocument(document);
}
