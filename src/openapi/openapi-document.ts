import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { MetadataScanner } from '@nestjs/core';
import type { Role } from '../auth/api-keys';
import { CREDENTIAL_KEY, PUBLIC_KEY, ROLES_KEY } from '../auth/auth.decorators';
import {
  PRODUCES_KEY,
  REQUEST_BODY_KEY,
  REQUEST_CONTRACT_KEY,
  RESPONSES_KEY,
  type DescribedRequestBody,
  type DescribedResponse,
  type RequestContractMetadata,
} from '../common/http/request-contract';
import { contractRef, loadContractSchemas, type ContractSchema } from './contract-schemas';
import {
  ERROR_EXAMPLE,
  ERROR_MEDIA_TYPE,
  ERROR_SCHEMA,
  ERROR_SCHEMA_NAME,
  ERROR_STATUSES,
} from './error-response';
import { queryParametersOf, type JsonSchema, type ParameterObject } from './query-parameters';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };

export interface Operation {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly description: string;
  /** The roles that may call it (admin always may); empty for a public route. */
  readonly 'x-roles': readonly Role[];
  /** Routes that take no API key but the calling tool's own credential (@OwnCredential): which. */
  readonly 'x-credential'?: string;
  readonly security: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: JsonSchema;
  readonly responses: Record<string, JsonSchema>;
}

/** A route as served: `path` in OpenAPI form (`/v1/changes/{changeId}`), `method` lower-case. */
export interface DescribedRoute {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.POST]: 'post',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};
const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'patch'];
const ROLE_ORDER: readonly Role[] = ['publisher', 'reviewer', 'admin'];
const BEARER = 'apiKey';

/**
 * The credentials of routes that authenticate their callers as the calling tool does (@OwnCredential),
 * as OpenAPI security schemes. A PagerDuty routing key travels in the body, which no scheme describes:
 * the scheme says so.
 */
const OWN_CREDENTIALS: Readonly<Record<string, Record<string, string>>> = {
  'github-signature': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Hub-Signature-256',
    description:
      "GitHub's webhook signature: sha256= and the HMAC-SHA256 of the body with the integration's secret.",
  },
  'launchdarkly-signature': {
    type: 'apiKey',
    in: 'header',
    name: 'X-LD-Signature',
    description:
      "LaunchDarkly's webhook signature: the HMAC-SHA256 of the body with the integration's secret, hex.",
  },
  'intake-secret-header': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Intake-Secret',
    description: "The integration's secret (INTAKE_INTEGRATIONS).",
  },
  'pagerduty-routing-key': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Routing-Key-In-Body',
    description:
      "No header: the body's routing_key, a key configured in INTAKE_INTEGRATIONS (PagerDuty's Events API v2 puts it there).",
  },
};

interface RouteArgument {
  readonly index: number;
  readonly data?: unknown;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${joined}`;
}

function firstPath(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  return typeof value === 'string' ? value : '';
}

/** Handler metadata first, then the controller's, as the ApiKeyGuard reads it (getAllAndOverride). */
function metadataOf(key: string, handler: object, controller: Type): unknown {
  return (Reflect.getMetadata(key, handler) as unknown) ?? (Reflect.getMetadata(key, controller) as unknown);
}

function describeHandler(
  controller: Type,
  name: string,
  handler: object,
  method: string,
  contracts: readonly ContractSchema[],
): Operation {
  const credential = metadataOf(CREDENTIAL_KEY, handler, controller) as string | undefined;
  if (credential !== undefined && OWN_CREDENTIALS[credential] === undefined) {
    throw new Error(`no security scheme for the credential ${credential} (OWN_CREDENTIALS)`);
  }
  const isPublic = credential === undefined && metadataOf(PUBLIC_KEY, handler, controller) === true;
  const declared = (metadataOf(ROLES_KEY, handler, controller) as Role[] | undefined) ?? [];
  const roles = isPublic ? [] : ROLE_ORDER.filter((role) => role === 'admin' || declared.includes(role));
  const routePath = joinPath(
    firstPath(Reflect.getMetadata(PATH_METADATA, controller)),
    firstPath(Reflect.getMetadata(PATH_METADATA, handler)),
  );
  const args =
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as
      Record<string, RouteArgument> | undefined) ?? {};
  const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) ??
    []) as unknown[];
  const parameters: ParameterObject[] = [];
  let takesBody = false;
  for (const [key, arg] of Object.entries(args)) {
    const kind = key.split(':')[0];
    if (kind === String(RouteParamtypes.BODY)) takesBody = true;
    if (kind === String(RouteParamtypes.PARAM) && typeof arg.data === 'string') {
      parameters.push({
        name: arg.data,
        in: 'path',
        required: true,
        schema: { type: 'string', minLength: 1 },
      });
    }
    if (kind === String(RouteParamtypes.QUERY)) {
      if (typeof arg.data === 'string') {
        parameters.push({ name: arg.data, in: 'query', required: false, schema: { type: 'string' } });
      } else {
        const dto = paramTypes[arg.index];
        if (typeof dto === 'function' && dto !== Object) parameters.push(...queryParametersOf(dto as Type));
      }
    }
  }
  // Path parameters in path order, then query parameters by name: a stable order.
  const pathOrder = [...routePath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  parameters.sort((a, b) =>
    a.in !== b.in
      ? a.in === 'path'
        ? -1
        : 1
      : a.in === 'path'
        ? pathOrder.indexOf(a.name) - pathOrder.indexOf(b.name)
        : a.name.localeCompare(b.name),
  );
  const contract = metadataOf(REQUEST_CONTRACT_KEY, handler, controller) as
    RequestContractMetadata | undefined;
  const describedBody = metadataOf(REQUEST_BODY_KEY, handler, controller) as DescribedRequestBody | undefined;
  if (contract !== undefined && describedBody !== undefined)
    throw new Error(`${controller.name}.${name}: a body has a contract or a description, not both`);
  // Header parameters after the path and query ones, in the order described.
  for (const header of describedBody?.headers ?? []) {
    parameters.push({
      name: header.name,
      in: 'header',
      required: false,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method === 'post' ? 201 : 200);
  const produces = metadataOf(PRODUCES_KEY, handler, controller) as string | undefined;
  const responses: Record<string, JsonSchema> = {
    // A 204 or a redirect has no body to describe.
    [String(status)]:
      status === 204 || (status >= 300 && status < 400)
        ? { description: status === 204 ? 'Done; no content.' : 'Redirected (Location).' }
        : {
            description: 'Done.',
            content: produces
              ? { [produces]: { schema: { type: 'string' } } }
              : { 'application/json': { schema: {} } },
          },
  };
  const errors: (keyof typeof ERROR_STATUSES)[] = [];
  if (parameters.length > 0 || takesBody) errors.push(400);
  if (credential !== undefined) errors.push(401);
  else if (!isPublic) errors.push(401, 403);
  if (pathOrder.length > 0) errors.push(404);
  if (takesBody) errors.push(413, 415);
  errors.push(500, 503);
  for (const code of errors) responses[String(code)] = { $ref: `#/components/responses/Error${code}` };
  const described = (Reflect.getMetadata(RESPONSES_KEY, handler) ?? []) as DescribedResponse[];
  for (const { status: code, description, schema } of described) {
    responses[String(code)] = { description, content: { 'application/json': { schema } } };
  }
  return {
    operationId: `${controller.name.replace(/Controller$/, '')}_${name}`,
    tags: [controller.name.replace(/Controller$/, '')],
    description:
      credential !== undefined
        ? `No API key: the calling tool's own credential (${credential}), bound to one source.`
        : isPublic
          ? 'Public: no API key needed.'
          : `Roles: ${roles.join(', ')} (send "Authorization: Bearer <key>").`,
    'x-roles': credential !== undefined ? [] : roles,
    ...(credential !== undefined ? { 'x-credential': credential } : {}),
    security: credential !== undefined ? [{ [credential]: [] }] : isPublic ? [] : [{ [BEARER]: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(takesBody
      ? {
          requestBody:
            describedBody === undefined
              ? requestBodyOf(contract, contracts)
              : describedRequestBody(describedBody),
        }
      : {}),
    responses,
  };
}

function describedRequestBody({ description, content }: DescribedRequestBody): JsonSchema {
  return {
    description,
    required: true,
    content: Object.fromEntries(
      Object.entries(content).map(([mediaType, { schema, example }]) => [
        mediaType,
        { schema, ...(example === undefined ? {} : { example }) },
      ]),
    ),
  };
}

function requestBodyOf(
  contract: RequestContractMetadata | undefined,
  contracts: readonly ContractSchema[],
): JsonSchema {
  if (contract === undefined) {
    return { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
  }
  const known = contracts.find((c) => c.name === contract.contract);
  if (known === undefined) throw new Error(`no contract ${contract.contract} in contracts/`);
  const item = { $ref: contractRef(contract.contract) };
  const examples = Object.fromEntries(
    [...known.examples.keys()].map((name) => [
      name,
      { $ref: `#/components/examples/${exampleName(known, name)}` },
    ]),
  );
  const schema =
    contract.batchOf === undefined
      ? item
      : { anyOf: [item, { type: 'array', minItems: 1, maxItems: contract.batchOf, items: item }] };
  return {
    description: `The ${contract.contract} contract (contracts/${contract.contract}/schema.json).`,
    required: contract.optional !== true,
    content: {
      'application/json': { schema, ...(known.examples.size > 0 ? { examples } : {}) },
    },
  };
}

/** Every route the controllers serve (as Nest registers them), sorted by path then method. */
export function describeRoutes(
  controllers: readonly Type[],
  contracts: readonly ContractSchema[] = loadContractSchemas(),
): DescribedRoute[] {
  const scanner = new MetadataScanner();
  const routes: DescribedRoute[] = [];
  for (const controller of controllers) {
    if (Reflect.getMetadata(PATH_METADATA, controller) === undefined) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (requestMethod === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = METHODS[requestMethod];
      if (method === undefined)
        throw new Error(`${controller.name}.${name}: method ${requestMethod} not described`);
      const routePath = joinPath(
        firstPath(Reflect.getMetadata(PATH_METADATA, controller)),
        firstPath(Reflect.getMetadata(PATH_METADATA, handler)),
      );
      routes.push({
        method,
        path: routePath,
        operation: describeHandler(controller, name, handler, method, contracts),
      });
    }
  }
  return routes.sort((a, b) =>
    a.path === b.path
      ? METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method)
      : a.path < b.path
        ? -1
        : 1,
  );
}

const exampleName = (contract: ContractSchema, example: string): string => `${contract.name}.${example}`;

function examplesOf(contract: ContractSchema): Record<string, JsonSchema> {
  return Object.fromEntries(
    [...contract.examples.entries()].map(([name, value]) => [
      name,
      { summary: `contracts/${contract.name}/examples/valid/${name}.json`, value },
    ]),
  );
}

/**
 * The OpenAPI 3.1 document of the given controllers: paths, roles (`x-roles`, the description, the
 * bearer scheme), parameters from the validation metadata, bodies from the contracts they are
 * validated with (JSON Schema 2020-12, as OpenAPI 3.1 takes it), refusals with their one error schema.
 */
export function buildOpenApiDocument(
  controllers: readonly Type[],
  contracts: readonly ContractSchema[] = loadContractSchemas(),
): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of describeRoutes(controllers, contracts)) {
    const item = (paths[route.path] ??= {});
    if (item[route.method] !== undefined) throw new Error(`${route.method} ${route.path} is served twice`);
    item[route.method] = route.operation;
  }
  const responses = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([code, description]) => [
      `Error${code}`,
      {
        description,
        content: {
          [ERROR_MEDIA_TYPE]: {
            schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` },
            example: { ...ERROR_EXAMPLE, status: Number(code), statusCode: Number(code) },
          },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.1',
    info: {
      title: 'Change audit and freeze service',
      version: '1',
      description:
        'Every production change in one tamper-evident store, freeze windows and their pre-flight, alerts and the changes suspected of causing them. Generated from the code (`npm run openapi`); request bodies are the contracts in contracts/.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    security: [{ [BEARER]: [] }],
    paths,
    components: {
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key from API_KEYS; its roles decide which routes it may call (see x-roles).',
        },
        ...OWN_CREDENTIALS,
      },
      schemas: {
        [ERROR_SCHEMA_NAME]: ERROR_SCHEMA,
        ...Object.fromEntries(
          contracts.flatMap((contract) => [[contract.name, contract.schema], ...contract.defs]),
        ),
      },
      responses,
      examples: Object.fromEntries(
        contracts.flatMap((contract) =>
          Object.entries(examplesOf(contract)).map(([name, example]) => [
            exampleName(contract, name),
            example,
          ]),
        ),
      ),
    },
  };
}

/** The controllers a module tree declares, without instantiating it (for `npm run openapi`). */
export function controllersOf(root: Type | DynamicModule): Type[] {
  const seen = new Set<unknown>();
  const found: Type[] = [];
  const visit = (entry: unknown): void => {
    if (entry === undefined || entry === null || seen.has(entry)) return;
    seen.add(entry);
    if (typeof entry === 'function') {
      found.push(...((Reflect.getMetadata('controllers', entry) ?? []) as Type[]));
      for (const imported of (Reflect.getMetadata('imports', entry) ?? []) as unknown[]) visit(imported);
      return;
    }
    if (typeof entry !== 'object') return;
    const record = entry as Partial<DynamicModule> & { forwardRef?: () => unknown };
    if (typeof record.forwardRef === 'function') {
      visit(record.forwardRef());
      return;
    }
    if (record.module !== undefined) visit(record.module);
    found.push(...(record.controllers ?? []));
    for (const imported of record.imports ?? []) visit(imported);
  };
  visit(root);
  return [...new Set(found)];
}
