// `npm run openapi`: writes contracts/openapi.json from the code (the routes, their roles and the contracts).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiFileText } from '../openapi/openapi-file';

openApiFileText().then(
  (text) => {
    writeFileSync(OPENAPI_FILE, text);
    process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
