import { SetMetadata } from '@nestjs/common';

export const REQUEST_CONTRACT_KEY = 'http:request-contract';
export const PRODUCES_KEY = 'http:produces';

export interface RequestContractOptions {
  /** The body may be one item or an array of up to this many (batch intake). */
  readonly batchOf?: number;
  /** The body may be left out (e.g. an optional `{reason}`). */
  readonly optional?: boolean;
}

export interface RequestContractMetadata extends RequestContractOptions {
  /** A folder of contracts/, e.g. `change-event.v1`. */
  readonly contract: string;
}

/**
 * The contract (contracts/<id>/schema.json) a handler's body is validated against. The OpenAPI
 * document (src/openapi/) describes the body with that very schema and its valid examples; declaring it
 * next to the handler is all a new route needs.
 */
export const RequestContract = (contract: string, options: RequestContractOptions = {}) =>
  SetMetadata(REQUEST_CONTRACT_KEY, { contract, ...options } satisfies RequestContractMetadata);

export const REQUEST_BODY_KEY = 'http:request-body';

/** A request header a described body depends on (e.g. CloudEvents' binary-mode `ce-*` attributes). */
export interface DescribedRequestHeader {
  readonly name: string;
  readonly description: string;
}

/**
 * A request body no contract of contracts/ describes, for the OpenAPI document: a body read by another
 * standard's rules (CloudEvents), in one or more media types, each with its JSON Schema and an example.
 */
export interface DescribedRequestBody {
  readonly description: string;
  readonly content: Readonly<
    Record<string, { readonly schema: Record<string, unknown>; readonly example?: unknown }>
  >;
  /** Headers the body may need, described as optional header parameters. */
  readonly headers?: readonly DescribedRequestHeader[];
}

/** Describes a handler's body in the OpenAPI document when no contract (@RequestContract) does. */
export const DescribeRequestBody = (body: DescribedRequestBody) => SetMetadata(REQUEST_BODY_KEY, body);

/** The media type a handler answers with when it is not JSON (for the OpenAPI document). */
export const Produces = (mediaType: string) => SetMetadata(PRODUCES_KEY, mediaType);

export const RESPONSES_KEY = 'http:responses';

export interface DescribedResponse {
  readonly status: number;
  readonly description: string;
  /** JSON Schema (2020-12) of the JSON body. */
  readonly schema: Record<string, unknown>;
}

/**
 * What a handler answers with at a status, for the OpenAPI document: replaces the generic description
 * of that status (e.g. a 503 whose body is a report rather than the error shape). Repeatable.
 */
export function DescribeResponse(response: DescribedResponse): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const previous = (Reflect.getMetadata(RESPONSES_KEY, handler) ?? []) as DescribedResponse[];
    Reflect.defineMetadata(RESPONSES_KEY, [...previous, response], handler);
    return descriptor;
  };
}
