import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import Ajv2020 from 'ajv/dist/2020';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public, Roles } from '../../../src/auth/auth.decorators';
import { DescribeRequestBody, RequestContract } from '../../../src/common/http/request-contract';
import { ContractValidator } from '../../../src/contracts/contract-validator';
import { buildOpenApiDocument, type Operation } from '../../../src/openapi/openapi-document';
import { ERROR_SCHEMA } from '../../../src/openapi/error-response';
import { OPENAPI_FILE, openApiFileText } from '../../../src/openapi/openapi-file';

const ROOT = path.resolve(__dirname, '../../..');
const VALIDATOR_CLI = path.join(
  ROOT,
  'node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js',
);

/** The validator is an ES module; its CLI runs it in a process of its own. */
function validateOpenApi(text: string): { valid: boolean; errors?: unknown } {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, text);
    try {
      return JSON.parse(execFileSync(process.execPath, [VALIDATOR_CLI, file], { encoding: 'utf8' })) as {
        valid: boolean;
      };
    } catch (error) {
      // The CLI exits 1 on an invalid document, with the verdict on stdout.
      const stdout = (error as { stdout?: string }).stdout ?? '';
      return JSON.parse(stdout) as { valid: boolean; errors?: unknown };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    examples: Record<string, { value: unknown }>;
    responses: Record<string, { content: Record<string, { example: unknown }> }>;
  };
}

describe('contracts/openapi.json', () => {
  let generated: string;
  beforeAll(() => {
    generated = openApiFileText();
  });

  it('is what the code describes (else: run `npm run openapi` and commit contracts/openapi.json)', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (committed !== generated) {
      throw new Error(
        'contracts/openapi.json differs from what the code describes: run `npm run openapi` and commit the file',
      );
    }
    expect(committed).toBe(generated);
  });

  it('is a valid OpenAPI 3.1 document', () => {
    expect(validateOpenApi(generated)).toEqual({ valid: true });
    // The check can fail: a body parameter is OpenAPI 2, not 3.1.
    const broken = JSON.parse(generated) as Document;
    const list = broken.paths['/v1/changes']?.['get'] as unknown as { parameters: { in: string }[] };
    (list.parameters[0] as { in: string }).in = 'body';
    expect(validateOpenApi(JSON.stringify(broken)).valid).toBe(false);
  });

  it('embeds each contract as published (JSON Schema 2020-12), its $refs pointing inside the document', () => {
    const doc = JSON.parse(generated) as Document;
    const published = JSON.parse(
      readFileSync(path.join(ROOT, 'contracts/change-event.v1/schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    const withoutId = { ...published };
    delete withoutId['$id'];
    expect(doc.components.schemas['change-event.v1']).toEqual(withoutId);
    const refs = [...generated.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref.startsWith('#/components/'))).toEqual([]);
  });

  it('has examples that validate against their contracts (with the service’s own validators)', () => {
    const doc = JSON.parse(generated) as Document;
    const examples = Object.entries(doc.components.examples);
    expect(examples.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const [name, { value }] of examples) {
      const contract = name.slice(0, name.indexOf('.v') + 3);
      const checked = new ContractValidator(contract).check(value);
      if (!checked.ok) failures.push(`${name}: ${JSON.stringify(checked.errors)}`);
    }
    expect(failures).toEqual([]);
    // Every request body that names a contract shows that contract's examples.
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = operation.requestBody as
          { content: Record<string, { examples?: Record<string, { $ref: string }> }> } | undefined;
        for (const media of Object.values(body?.content ?? {})) {
          for (const { $ref } of Object.values(media.examples ?? {})) {
            const key = $ref.replace('#/components/examples/', '');
            expect([method, route, key in doc.components.examples]).toEqual([method, route, true]);
          }
        }
      }
    }
    const ajv = new Ajv2020({ strict: false });
    // A body described without a contract (CloudEvents) shows examples its own schemas accept.
    const cdevents = doc.paths['/v1/cdevents']?.['post']?.requestBody as
      { content: Record<string, { schema: object; example?: unknown }> } | undefined;
    expect(Object.keys(cdevents?.content ?? {}).sort()).toEqual([
      'application/cloudevents+json',
      'application/cloudevents-batch+json',
      'application/json',
    ]);
    for (const [mediaType, { schema, example }] of Object.entries(cdevents?.content ?? {})) {
      expect([mediaType, example !== undefined && ajv.validate(schema, example)]).toEqual([mediaType, true]);
    }
    const validateError = ajv.compile(ERROR_SCHEMA);
    for (const response of Object.values(doc.components.responses)) {
      for (const media of Object.values(response.content)) expect(validateError(media.example)).toBe(true);
    }
  });

  it('gives every keyed operation its roles and the bearer scheme, and public ones neither', () => {
    const doc = JSON.parse(generated) as Document;
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(30);
    for (const operation of operations) {
      if (operation.security.length === 0) {
        expect([operation.operationId, operation['x-roles']]).toEqual([operation.operationId, []]);
      } else if (operation['x-credential'] !== undefined) {
        // An intake: its tool's own credential as the scheme, no API-key roles.
        expect([operation.operationId, operation['x-roles'], operation.security]).toEqual([
          operation.operationId,
          [],
          [{ [operation['x-credential']]: [] }],
        ]);
        expect(operation.responses['401']).toBeDefined();
      } else {
        expect([operation.operationId, operation['x-roles'].includes('admin')]).toEqual([
          operation.operationId,
          true,
        ]);
        expect(operation.description).toContain(operation['x-roles'].join(', '));
        expect(operation.responses['401']).toBeDefined();
      }
    }
  });
});

describe('buildOpenApiDocument', () => {
  class WidgetQuery {
    @IsOptional()
    @IsIn(['red', 'blue'])
    colour?: string;

    @IsString()
    @MaxLength(10)
    name!: string;
  }

  @Controller('v1/widgets')
  class WidgetsController {
    @Get(':widgetId')
    @Roles('reviewer')
    get(@Param('widgetId') _id: string, @Query() _query: WidgetQuery): undefined {
      return undefined;
    }

    @Post()
    @Roles('publisher')
    @RequestContract('topology.v1')
    put(@Body() _body: unknown): undefined {
      return undefined;
    }

    @Get('ping')
    @Public()
    ping(): undefined {
      return undefined;
    }
  }

  it('describes a new controller from its decorators alone: roles, path and query parameters, contract body', () => {
    const doc = buildOpenApiDocument([WidgetsController]);
    const get = doc.paths['/v1/widgets/{widgetId}']?.['get'];
    expect(get?.['x-roles']).toEqual(['reviewer', 'admin']);
    expect(get?.parameters).toEqual([
      { name: 'widgetId', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
      { name: 'colour', in: 'query', required: false, schema: { type: 'string', enum: ['red', 'blue'] } },
      { name: 'name', in: 'query', required: true, schema: { type: 'string', maxLength: 10 } },
    ]);
    expect(Object.keys(get?.responses ?? {})).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    const post = doc.paths['/v1/widgets']?.['post'];
    expect(post?.['x-roles']).toEqual(['publisher', 'admin']);
    expect(post?.responses['201']).toBeDefined();
    expect(post?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/topology.v1' } } },
    });
    const ping = doc.paths['/v1/widgets/ping']?.['get'];
    expect([ping?.['x-roles'], ping?.security]).toEqual([[], []]);
  });

  it('describes a body no contract covers, in each media type, with the headers it needs', () => {
    @Controller('v1/sinks')
    class SinksController {
      @Post()
      @Roles('publisher')
      @DescribeRequestBody({
        description: 'An envelope, or its payload with the envelope in headers.',
        content: {
          'application/json': { schema: { type: 'object' } },
          'application/envelope+json': { schema: { type: 'object', required: ['id'] }, example: { id: 'x' } },
        },
        headers: [{ name: 'env-id', description: 'The envelope id, for a bare payload.' }],
      })
      take(@Body() _body: unknown): undefined {
        return undefined;
      }
    }
    const post = buildOpenApiDocument([SinksController]).paths['/v1/sinks']?.['post'];
    expect(post?.requestBody).toEqual({
      description: 'An envelope, or its payload with the envelope in headers.',
      required: true,
      content: {
        'application/json': { schema: { type: 'object' } },
        'application/envelope+json': { schema: { type: 'object', required: ['id'] }, example: { id: 'x' } },
      },
    });
    expect(post?.parameters).toEqual([
      {
        name: 'env-id',
        in: 'header',
        required: false,
        description: 'The envelope id, for a bare payload.',
        schema: { type: 'string' },
      },
    ]);
  });

  it('refuses a route naming a contract that does not exist', () => {
    @Controller('v1/gadgets')
    class GadgetsController {
      @Post()
      @RequestContract('no-such-contract.v1')
      create(@Body() _body: unknown): undefined {
        return undefined;
      }
    }
    expect(() => buildOpenApiDocument([GadgetsController])).toThrow(/no contract no-such-contract\.v1/);
  });
});
