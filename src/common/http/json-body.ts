import {
  BadRequestException,
  Injectable,
  UnsupportedMediaTypeException,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth';

/**
 * Request bodies are JSON, and a body that cannot be read is refused naming the problem:
 * - an empty body is no body, whatever its content-type says;
 * - `application/json` (parameters such as charset aside), and CloudEvents' JSON formats, are parsed with secure-json-parse, which refuses
 *   `__proto__` and `constructor.prototype` keys (prototype poisoning) as Fastify's own parser does;
 *   unlike Fastify's parser, a syntax error is a 400 that says what and where it is;
 * - arrays and objects nested more than MAX_JSON_DEPTH deep are a 400, found before parsing (every
 *   recursive walk after it, from JSON.stringify on, would overflow the stack on a deep enough body);
 * - any other media type is a 415 that names it.
 * Bodies over `bodyLimit` are 413s (Fastify).
 */
export function acceptJsonBodies(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  // CloudEvents' structured and batch modes are JSON documents too (POST /v1/cdevents reads them).
  const types = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];
  server.addContentTypeParser(types, { parseAs: 'string' }, (request, text: string, done) => {
    // Routes that check a signature over the body as sent keep its text (see KeepsRawBody).
    if ((request.routeOptions.config as RawBodyRouteConfig | undefined)?.rawBody === true) {
      (request as RawBodyRequest).rawBody = text;
    }
    // Clients often send the header with no body (a DELETE, a lift): that is no body, not bad JSON.
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(text)) {
      done(
        new BadRequestException(
          `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are accepted`,
        ),
        undefined,
      );
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      done(new BadRequestException(`the body is not valid JSON: ${detail}`), undefined);
    }
  });
  server.addContentTypeParser('*', (request, _payload, done) => {
    const type = request.headers['content-type'];
    done(
      new UnsupportedMediaTypeException(
        type === undefined
          ? 'the body has no content-type: send application/json'
          : `content-type ${type} is not supported: send application/json`,
      ),
      undefined,
    );
  });
}

/** Fastify route config of a route whose handler reads the body's text as sent. */
export interface RawBodyRouteConfig {
  readonly rawBody?: boolean;
}

export interface RawBodyRequest extends FastifyRequest {
  /** The body's text as received (UTF-8), on routes marked KeepsRawBody. */
  rawBody?: string;
}

/** The route needs the body's text as sent, beside its parsed value (e.g. to check an HMAC over it). */
export const KeepsRawBody = (): MethodDecorator =>
  RouteConfig({ rawBody: true } satisfies RawBodyRouteConfig);

/** The 400 message for a route that needs a body and got none. */
export const JSON_BODY_REQUIRED = 'a JSON body is required (content-type: application/json)';

/**
 * Global pipe: a handler that reads the whole body (`@Body()`) needs one. With no body, or an empty one,
 * or no content-type and nothing sent, the body is `undefined`; every such route answers the same 400
 * here, instead of each handler meeting `undefined` in its own way (some of them as a 500).
 */
@Injectable()
export class RequireJsonBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && metadata.data === undefined && value === undefined) {
      throw new BadRequestException(JSON_BODY_REQUIRED);
    }
    return value;
  }
}
