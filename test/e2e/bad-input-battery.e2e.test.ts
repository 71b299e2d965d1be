// Hundreds of bad inputs over every route the app registers (found from the running app, not listed by
// hand): each must be answered 4xx, never 5xx, by a problem document with a message; afterwards the
// service is still ready, its hash chain verifies, and every event accepted before and during the battery
// is still there.
import fc from 'fast-check';
import { KEYS } from '../support/app';
import { INTEGRATION_OF_ROUTE, intakeHeaders, SECRETS } from '../support/intakes';
import { routeInputs, type QueryParameter, type RouteInputs } from '../support/route-inputs';
import { MAX_JSON_DEPTH } from '../../src/common/json-depth';
import { changeEvent, getChange, publish, startEnv, type Env } from './fixtures';

interface BadInput {
  /** `METHOD /pattern` of the route it is meant for. */
  readonly route: string;
  readonly what: string;
  readonly method: string;
  /** Path and query exactly as sent (already percent-encoded where meant). */
  readonly target: string;
  readonly key: string;
  readonly contentType?: string | undefined;
  readonly body?: string | Uint8Array | undefined;
  /** An intake's own credential for this body (its signature, secret header), sent instead of the key. */
  readonly headers?: Record<string, string> | undefined;
}

/** Routes that answer in another product's error shape (PagerDuty's `{status, message, errors}`). */
const FOREIGN_ERROR_SHAPES: Readonly<Record<string, (body: unknown) => boolean>> = {
  'POST /v2/change/enqueue': (body) => {
    const b = body as { status?: unknown; message?: unknown; errors?: unknown } | null;
    return typeof b?.status === 'string' && typeof b.message === 'string' && Array.isArray(b.errors);
  },
};

/**
 * A bad body as an intake's tool would send it: signed (or with its secret), so it reaches the mapping;
 * PagerDuty's routing key goes into a JSON object body. Undefined for routes that are no intake.
 */
function asIntake(label: string, body: string | Uint8Array | undefined) {
  let text = body === undefined ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (label === 'POST /v2/change/enqueue') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        text = JSON.stringify({ ...parsed, routing_key: SECRETS.pagerdutyKey });
        return { body: text, headers: {} };
      }
    } catch {
      // not JSON: sent as it is
    }
  }
  const headers = intakeHeaders(label, text);
  return headers === undefined ? undefined : { body: typeof body === 'string' ? text : body, headers };
}

const SEED = 20261207;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const nested = (open: string, close: string, depth: number, inner = '1'): string =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Path parameter values: control characters, broken escapes, over-long ids, odd but harmless text. */
const BAD_PATH_VALUES = [
  '%00',
  'a%00b',
  '%01',
  'a%0Ab',
  '%0D%0A',
  '%09',
  '%1F',
  '%7F',
  '%C0%80',
  '%ZZ',
  '%E0%A4%A',
  '%FF%FE',
  '%ED%A0%80',
  'x'.repeat(1000),
  'x'.repeat(5000),
  '..%2F..%2Fetc%2Fpasswd',
  "'%20OR%201%3D1--",
  '%F0%9F%92%A5',
  '%E2%80%AE',
];

const CONTROL_VALUES = ['%00', 'a%00b', '%01', 'a%0Ab', '%0D', '%1F', '%7F', '%1B%5B31m'];

/** Instants that are malformed, or well-formed but beyond what PostgreSQL and Date both hold. */
const BAD_INSTANTS = [
  'yesterday',
  '',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000Z',
  '%2B275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '%2B010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-11-03T25:00:00Z',
  '2026-11-03',
  '2026-11-03T12:00:00',
  '1e400',
  '9'.repeat(30),
  'x'.repeat(3000),
];

const BAD_INTEGERS = [
  '-1',
  '0',
  '1e400',
  '99999999999999999999999',
  'NaN',
  '1.5',
  'abc',
  '',
  '0x10',
  '%2B5',
  '%205',
];
const BAD_ENUMS = ['nope', '', 'DEPLOY', 'x'.repeat(3000)];
const BAD_CURSORS = [
  'garbage',
  '',
  b64(['0000-01-01T00:00:00.000Z', 'c']),
  b64(['+275760-09-13T00:00:00.000Z', 'c']),
  b64(['2026-11-03T12:00:00.000Z', 'a\u0000b']),
  b64(['2026-11-03T12:00:00.000Z']),
  b64({ at: '2026-11-03T12:00:00.000Z', id: 'c' }),
  'A'.repeat(600),
];

/** Instants outside the storable range, generated (fixed seed): years before 1 and after 9999. */
function generatedInstants(): string[] {
  const outside = fc.oneof(
    fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date('0000-12-31T23:59:59.999Z') }),
    fc.date({ noInvalidDate: true, min: new Date('+010000-01-01T00:00:00.000Z'), max: new Date(8.64e15) }),
  );
  return fc.sample(outside, { seed: SEED, numRuns: 12 }).map((d) => encodeURIComponent(d.toISOString()));
}

function badQueryValues(parameter: QueryParameter): string[] {
  const byKind: Record<QueryParameter['kind'], string[]> = {
    instant: [...BAD_INSTANTS, ...generatedInstants()],
    integer: BAD_INTEGERS,
    enum: BAD_ENUMS,
    cursor: BAD_CURSORS,
    text: ['x'.repeat(3000)],
  };
  return [...CONTROL_VALUES, ...byKind[parameter.kind]];
}

/** A change event and an alert that are valid but for one field. */
const validChange = (id: string) =>
  changeEvent({ eventId: `battery-${id}`, changeId: `battery-${id}`, occurredAt: new Date().toISOString() });
const validAlert = {
  fingerprint: 'battery-alert',
  source: 'alertmanager',
  status: 'firing',
  startsAt: '2026-11-14T13:42:07.318Z',
  name: 'HighErrorRate',
  severity: 'critical',
  environment: 'production',
  service: 'checkout-api',
};

const CE = 'application/cloudevents+json';
const CE_BATCH = 'application/cloudevents-batch+json';
const cdeventContext = {
  specversion: '0.5.1',
  id: 'battery-cdevent',
  source: '/event/source/123',
  type: 'dev.cdevents.service.deployed.0.3.0',
  timestamp: '2026-11-14T13:42:07.318Z',
};
const cloudEvent = {
  specversion: '1.0',
  id: 'battery-cdevent',
  source: '/event/source/123',
  type: 'dev.cdevents.service.deployed.0.3.0',
  data: { context: cdeventContext, subject: { id: 'x' } },
};

/** Bodies that are no JSON, or JSON no route accepts; each with the content-type it is sent as. */
interface BadBody {
  readonly what: string;
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
  /** Refused by the body parser, so on every route that may carry a body, whether it reads it or not. */
  readonly unparseable?: true;
}

function badBodies(): BadBody[] {
  const json = (what: string, body: string): BadBody => ({ what, contentType: 'application/json', body });
  const unparseable = (body: BadBody): BadBody => ({ ...body, unparseable: true });
  const nul = 'a\u0000b';
  const stringy = Object.fromEntries(
    ['name', 'reason', 'changeReason', 'changeId', 'note', 'source', 'service', 'environment', 'region'].map(
      (k) => [k, nul],
    ),
  );
  const generated = fc
    .sample(fc.jsonValue({ maxDepth: 3 }), { seed: SEED, numRuns: 12 })
    .map((v, i) => json(`generated JSON #${i}`, JSON.stringify(v)));
  return [
    { what: 'no body and no content-type' },
    json('an empty body', ''),
    json('a blank body', '   \n'),
    unparseable({ what: 'a body without content-type', body: new TextEncoder().encode('{}') }),
    unparseable({ what: 'text/plain', contentType: 'text/plain', body: '{}' }),
    unparseable({ what: 'a form', contentType: 'application/x-www-form-urlencoded', body: 'a=b' }),
    unparseable({ what: 'multipart', contentType: 'multipart/form-data; boundary=x', body: '--x--' }),
    unparseable({ what: 'XML', contentType: 'application/xml', body: '<a/>' }),
    unparseable(json('truncated JSON', '{')),
    unparseable(json('a missing value', '{"a":}')),
    unparseable(json('single quotes', "{'a':1}")),
    unparseable(json('a trailing comma', '[1,]')),
    unparseable(json('NaN', 'NaN')),
    unparseable(json('two documents', '{"a":1}{"b":2}')),
    unparseable(json('a raw NUL', '\u0000')),
    unparseable({
      what: 'bytes that are not UTF-8',
      contentType: 'application/json',
      body: new Uint8Array([0xff, 0xfe, 0x7b]),
    }),
    unparseable(json(`arrays nested ${MAX_JSON_DEPTH + 1} deep`, nested('[', ']', MAX_JSON_DEPTH + 1))),
    unparseable(json('arrays nested 10,000 deep', nested('[', ']', 10_000))),
    unparseable(json('objects nested 10,000 deep', nested('{"a":', '}', 10_000))),
    unparseable(json('an unterminated 100,000-deep array', '['.repeat(100_000))),
    unparseable(json('a __proto__ key', '{"__proto__":{"x":1}}')),
    unparseable(json('a constructor.prototype key', '{"constructor":{"prototype":{"x":1}}}')),
    json('null', 'null'),
    json('zero', '0'),
    json('a huge number', '1e999'),
    json('a string', '"text"'),
    json('true', 'true'),
    json('an empty array', '[]'),
    json('an array of null', '[null]'),
    json('an array of arrays', '[[]]'),
    json('an empty object', '{}'),
    json('an array of an empty object', '[{}]'),
    json('a NUL in a key', '{"a\\u0000":1}'),
    json('NUL in every likely string field', JSON.stringify(stringy)),
    json('lone surrogates in likely fields', JSON.stringify(stringy).replace(/a\\u0000b/g, '\\ud800')),
    json('huge numbers in likely fields', '{"days":1e999,"limit":1e999,"percent":-1e999}'),
    json(
      'a change occurring in year 0',
      JSON.stringify({ ...validChange('y0'), occurredAt: '0000-01-01T00:00:00Z' }),
    ),
    json(
      'a change occurring at the end of Date',
      JSON.stringify({ ...validChange('yx'), occurredAt: '+275760-09-13T00:00:00.000Z' }),
    ),
    json(
      'a change in year 10000 by its offset',
      JSON.stringify({ ...validChange('yo'), occurredAt: '9999-12-31T23:59:59-23:59' }),
    ),
    json(
      'an alert ending in year 10000 by its offset',
      JSON.stringify({ ...validAlert, status: 'resolved', endsAt: '9999-12-31T23:59:59-23:59' }),
    ),
    json('an alert starting in year 0', JSON.stringify({ ...validAlert, startsAt: '0000-01-01T00:00:00Z' })),
    json(
      'an evaluation at year 0',
      JSON.stringify({
        service: 's',
        environment: 'e',
        region: 'r',
        kind: 'deploy',
        at: '0000-01-01T00:00:00Z',
      }),
    ),
    json(
      'a change with a 10,000-character id',
      JSON.stringify({ ...validChange('long'), changeId: 'x'.repeat(10_000) }),
    ),
    json('a batch of 1,001', JSON.stringify(Array.from({ length: 1001 }, (_, i) => validChange(`b${i}`)))),
    // CloudEvents' JSON formats (POST /v1/cdevents reads them; every route parses them as JSON).
    unparseable({ what: 'truncated CloudEvents JSON', contentType: CE, body: '{"specversion":' }),
    unparseable({ what: 'a deep CloudEvents batch', contentType: CE_BATCH, body: nested('[', ']', 10_000) }),
    { what: 'a CloudEvent without attributes', contentType: CE, body: '{}' },
    { what: 'a CloudEvent array in structured mode', contentType: CE, body: '[{}]' },
    { what: 'a CloudEvent object in batch mode', contentType: CE_BATCH, body: '{}' },
    { what: 'a CloudEvents batch of null', contentType: CE_BATCH, body: '[null]' },
    {
      what: 'a CloudEvent of CloudEvents 0.3',
      contentType: CE,
      body: JSON.stringify({ ...cloudEvent, specversion: '0.3' }),
    },
    {
      what: 'a CloudEvent whose data is no CDEvent',
      contentType: CE,
      body: JSON.stringify({ ...cloudEvent, data: 'x' }),
    },
    {
      what: 'a CDEvent with NUL in its ids',
      contentType: CE,
      body: JSON.stringify({
        ...cloudEvent,
        data: { context: { ...cdeventContext, id: nul }, subject: { id: nul } },
      }),
    },
    {
      what: 'a CDEvent at year 0',
      contentType: CE,
      body: JSON.stringify({
        ...cloudEvent,
        data: {
          context: { ...cdeventContext, timestamp: '0000-01-01T00:00:00Z' },
          subject: { id: 's', content: { environment: { id: 'e' } } },
        },
      }),
    },
    {
      what: 'a CloudEvents batch of 1,001',
      contentType: CE_BATCH,
      body: JSON.stringify(Array.from({ length: 1001 }, () => cloudEvent)),
    },
    ...generated,
  ];
}

/** The path of a route, each `:parameter` filled by `value`, which is also told the segment before it. */
function fillPath(route: RouteInputs, value: (parameter: string, before: string) => string): string {
  const segments = route.url.split('/');
  return segments
    .map((segment, i) => (segment.startsWith(':') ? value(segment.slice(1), segments[i - 1] ?? '') : segment))
    .join('/');
}

function generate(routes: readonly RouteInputs[], liveIds: Readonly<Record<string, string>>): BadInput[] {
  const inputs: BadInput[] = [];
  const live = (_parameter: string, before: string): string => liveIds[before] ?? 'no-such-id';
  const validQuery: Record<string, string> = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
  for (const route of routes) {
    const label = `${route.method} ${route.url}`;
    for (const parameter of route.pathParameters) {
      for (const bad of BAD_PATH_VALUES) {
        const path = fillPath(route, (p, before) => (p === parameter ? bad : live(p, before)));
        inputs.push({
          route: label,
          what: `${label}: path ${parameter}=${bad.slice(0, 40)}`,
          method: route.method,
          target: path,
          key: KEYS.admin,
        });
      }
    }
    const path = fillPath(route, live);
    for (const parameter of route.query) {
      const others = route.query
        .filter((q) => q.name !== parameter.name && validQuery[q.name] !== undefined)
        .map((q) => `${q.name}=${validQuery[q.name] ?? ''}`);
      for (const bad of badQueryValues(parameter)) {
        const query = [...others, `${parameter.name}=${bad}`].join('&');
        inputs.push({
          route: label,
          what: `${label}: query ${parameter.name}=${bad.slice(0, 40)}`,
          method: route.method,
          target: `${path}?${query}`,
          key: KEYS.admin,
        });
      }
      // Given twice, one of them with a NUL.
      inputs.push({
        route: label,
        what: `${label}: query ${parameter.name} twice`,
        method: route.method,
        target: `${path}?${[...others, `${parameter.name}=a`, `${parameter.name}=%00`].join('&')}`,
        key: KEYS.admin,
      });
    }
    if (route.takesBody) {
      const publishes = route.method === 'POST' && route.roles.includes('publisher');
      const keys = publishes ? [KEYS.admin, KEYS.alerting] : [KEYS.admin];
      const intake = intakeHeaders(label, '') !== undefined;
      for (const { what, contentType, body } of intake ? badBodies() : []) {
        const signed = asIntake(label, body);
        inputs.push({
          route: label,
          what: `${label} (its own credential): ${what}`,
          method: route.method,
          target: path,
          key: KEYS.admin,
          contentType,
          body: signed?.body ?? body,
          headers: signed?.headers,
        });
      }
      for (const key of intake ? [] : keys) {
        for (const { what, contentType, body } of badBodies()) {
          const who = key === KEYS.admin ? '' : ' (publisher)';
          inputs.push({
            route: label,
            what: `${label}${who}: ${what}`,
            method: route.method,
            target: path,
            key,
            contentType,
            body,
          });
        }
      }
    } else if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)) {
      // A route that reads no body still parses one when sent: the parser's refusals apply to it too.
      for (const { what, contentType, body } of badBodies().filter((b) => b.unparseable)) {
        inputs.push({
          route: label,
          what: `${label}: unread ${what}`,
          method: route.method,
          target: path,
          key: KEYS.admin,
          contentType,
          body,
        });
      }
    }
  }
  return inputs;
}

describe('bad-input battery over every route', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv({ CDEVENTS_SOURCES: '/event/source=argo-cd' });
  });
  afterAll(async () => {
    await env.close();
  });

  const send = async (
    input: BadInput,
  ): Promise<{ status: number; body: unknown; contentType: string | null }> => {
    const headers: Record<string, string> = input.headers ?? { authorization: `Bearer ${input.key}` };
    if (input.contentType !== undefined) headers['content-type'] = input.contentType;
    const res = await fetch(`${env.app.baseUrl}${input.target}`, {
      method: input.method,
      headers,
      ...(input.body === undefined ? {} : { body: input.body }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text: the assertion below names it
    }
    return { status: res.status, body, contentType: res.headers.get('content-type') };
  };

  /** Problem details (docs/api.md, Errors): the media type and the members every error answer has. */
  const isProblem = (contentType: string | null, body: unknown): boolean => {
    const problem = body as { type?: unknown; title?: unknown; status?: unknown; instance?: unknown } | null;
    return (
      contentType?.startsWith('application/problem+json') === true &&
      typeof problem?.type === 'string' &&
      typeof problem.title === 'string' &&
      typeof problem.status === 'number' &&
      typeof problem.instance === 'string'
    );
  };

  const messageOf = (body: unknown): string => {
    const message = (body as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ');
    return '';
  };

  it('answers every bad input 4xx with a problem document and a message, and loses nothing accepted before or during it', async () => {
    const started = Date.now();
    const routes = routeInputs(env.app.app, env.app.routes);
    expect(routes.length).toBe(env.app.routes.length);

    // Live things for path parameters, so bad input meets real windows, alerts and changes.
    const window = await fetch(`${env.app.baseUrl}/v1/freeze-windows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'battery',
        reason: 'a window for the battery',
        kind: 'deny',
        schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT2H', timeZone: 'Europe/Berlin' },
        scope: { services: ['battery-*'] },
      }),
    });
    expect(window.status).toBe(201);
    const windowId = ((await window.json()) as { id: string }).id;
    const alert = await fetch(`${env.app.baseUrl}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.alerting}`, 'content-type': 'application/json' },
      body: JSON.stringify(validAlert),
    });
    expect(alert.status).toBe(202);
    const accepted: string[] = [];
    const publishOne = async (): Promise<void> => {
      const event = validChange(String(accepted.length));
      await publish(env.app, event);
      accepted.push(event.changeId);
    };
    for (let i = 0; i < 5; i++) await publishOne();
    const liveIds = {
      'freeze-windows': windowId,
      alerts: validAlert.fingerprint,
      incidents: validAlert.fingerprint,
      changes: accepted[0] ?? '',
      ...INTEGRATION_OF_ROUTE,
    };

    const inputs = generate(routes, liveIds);
    const histogram = new Map<number, number>();
    const failures: string[] = [];
    // A few at a time, with a valid event published between groups: what the battery does must not
    // disturb what the service accepts meanwhile.
    const CONCURRENCY = 6;
    for (let i = 0; i < inputs.length; i += CONCURRENCY) {
      if (i % 60 === 0) await publishOne();
      await Promise.all(
        inputs.slice(i, i + CONCURRENCY).map(async (input) => {
          const { status, body, contentType } = await send(input);
          histogram.set(status, (histogram.get(status) ?? 0) + 1);
          if (
            status < 400 ||
            status > 499 ||
            messageOf(body).trim() === '' ||
            !(isProblem(contentType, body) || FOREIGN_ERROR_SHAPES[input.route]?.(body) === true)
          ) {
            failures.push(`${input.what} → ${status} ${JSON.stringify(body).slice(0, 200)}`);
          }
        }),
      );
    }
    for (let i = 0; i < 5; i++) await publishOne();

    const summary = [...histogram]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    const covered = new Set(inputs.map((input) => input.route));
    console.log(
      `bad-input battery: ${inputs.length} inputs over ${routes.length} routes (${covered.size} with bad inputs) in ${Date.now() - started} ms; by status: ${summary}`,
    );
    expect(failures).toEqual([]);
    expect(inputs.length).toBeGreaterThanOrEqual(500);
    // Every route met bad input (a route taking nothing at all still meets bad bodies or none: GETs).
    for (const route of routes) {
      if (route.pathParameters.length + route.query.length > 0 || route.method !== 'GET') {
        expect(covered).toContain(`${route.method} ${route.url}`);
      }
    }

    const ready = await fetch(`${env.app.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const verify = await fetch(`${env.app.baseUrl}/v1/audit/verify`, {
      headers: { authorization: `Bearer ${KEYS.admin}` },
    });
    expect(verify.status).toBe(200);
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true);
    for (const changeId of accepted) {
      const detail = await getChange(env.app, changeId);
      expect(detail.events.map((e) => e.event['eventId'])).toEqual([changeId]);
    }
  });
});
