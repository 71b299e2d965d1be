// `npm run openapi`: writes contracts/openapi.json from the code (the routes, their roles and the contracts).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiFileText } from '../openapi/openapi-file';

writeFileSync(OPENAPI_FILE, openApiFileText());
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
