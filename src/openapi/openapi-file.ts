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
 * configuration (e.g. GET /metrics needing a key), formatted as prettier formats it.
 */
export async function openApiFileText(): Promise<string> {
  const config = loadConfig({
    API_KEYS: JSON.stringify([{ key: 'openapi-generator', roles: ['admin'], name: 'openapi' }]),
  });
  const document = buildOpenApiDocument(controllersOf(AppModule.forRoot(config, 'postgres://unused')));
  // prettier is a development tool: loaded only here, never by the service.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
  return prettier.format(serializeOpenApiDocument(document), { ...options, filepath: OPENAPI_FILE });
}
