import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * Request bodies are JSON, and a body that cannot be read is refused naming the problem:
 * - an empty body is no body, whatever its content-type says;
 * - `application/json` (parameters such as charset aside) is parsed with secure-json-parse, which refuses
 *   `__proto__` and `constructor.prototype` keys (prototype poisoning) as Fastify's own parser does;
 *   unlike Fastify's parser, a syntax error is a 400 that says what and where it is;
 * - any other media type is a 415 that names it.
 * Bodies over `bodyLimit` are 413s (Fastify).
 */
export function acceptJsonBodies(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text: string, done) => {
    // Clients often send the header with no body (a DELETE, a lift): that is no body, not bad JSON.
    if (text.trim() === '') {
      done(null, undefined);
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
    const type = request.headers['content-type'] ?? 'none';
    done(
      new UnsupportedMediaTypeException(`content-type ${type} is not supported: send application/json`),
      undefined,
    );
  });
}
