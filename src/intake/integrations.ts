/**
 * INTAKE_INTEGRATIONS: the tools allowed to send changes in their own formats, each bound to exactly one
 * source (PagerDuty: each routing key to one). Parsed in the style of API_KEYS: a JSON array, every entry
 * checked at start-up, errors naming the entry and never echoing a secret.
 */

export const SIGNED_INTAKE_KINDS = ['github', 'argocd', 'launchdarkly', 'generic'] as const;
export type SignedIntakeKind = (typeof SIGNED_INTAKE_KINDS)[number];
export type IntakeKind = SignedIntakeKind | 'pagerduty';
export const INTAKE_KINDS: readonly IntakeKind[] = [...SIGNED_INTAKE_KINDS, 'pagerduty'];

/** The change-event fields a generic integration may fill from the payload (a JSON Pointer each). */
export const GENERIC_FIELDS = [
  'eventId',
  'changeId',
  'occurredAt',
  'phase',
  'kind',
  'environment',
  'service',
  'region',
  'cluster',
  'team',
  'summary',
  'versionFrom',
  'versionTo',
  'actorId',
  'actorName',
  'link',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];

export interface GenericMapping {
  /** Field → JSON Pointer into the payload. eventId, changeId and occurredAt are required. */
  readonly fields: Readonly<Partial<Record<GenericField, string>>>;
  /** Constant values for fields the payload does not carry (e.g. kind, environment). */
  readonly defaults: Readonly<Partial<Record<GenericField, string>>>;
  /** The payload's words for phases, e.g. {"ok":"succeeded"}; a value not listed is used as it is. */
  readonly phases: Readonly<Record<string, string>>;
}

/** An integration whose caller proves itself with a shared secret (a signature or a secret header). */
export interface SignedIntegration {
  readonly kind: SignedIntakeKind;
  /** Its id in the URL (/v1/intake/<kind>/<name>), in logs and in records (who published). */
  readonly name: string;
  /** The one source every change it sends belongs to. */
  readonly source: string;
  /** One secret, or two while rotating: either is accepted. */
  readonly secrets: readonly string[];
  /** Environment of a change whose payload names none. */
  readonly environment?: string;
  /** Generic integrations only. */
  readonly mapping?: GenericMapping;
}

export interface RoutingKey {
  readonly key: string;
  readonly source: string;
  /** Environment of a change whose custom_details name none. */
  readonly environment: string;
  /** Service of a change whose custom_details name none (a routing key is one PagerDuty service). */
  readonly service?: string;
}

export interface PagerDutyIntegration {
  readonly kind: 'pagerduty';
  readonly name: string;
  readonly routingKeys: readonly RoutingKey[];
}

export type Integration = SignedIntegration | PagerDutyIntegration;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** As change-event.v1 has it. */
const SOURCE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MIN_SECRET = 16;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(
  value: unknown,
  where: string,
  check?: (v: string, k: string) => void,
): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new Error(`${where} must be an object of strings`);
  }
  const map = value as Record<string, string>;
  if (check) for (const [k, v] of Object.entries(map)) check(v, k);
  return map;
}

function environmentOf(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
    throw new Error(`${where} must be a string of 1 to 64 characters`);
  }
  return value;
}

function parseMapping(value: unknown, where: string): GenericMapping {
  if (!isRecord(value))
    throw new Error(`${where} is required for a generic integration: {fields, defaults?, phases?}`);
  const known = (k: string): void => {
    if (!(GENERIC_FIELDS as readonly string[]).includes(k)) {
      throw new Error(`${where}: unknown field "${k}"; fields are ${GENERIC_FIELDS.join(', ')}`);
    }
  };
  const fields = stringMap(value['fields'], `${where}.fields`, (pointer, k) => {
    known(k);
    if (pointer !== '' && !pointer.startsWith('/')) {
      throw new Error(`${where}.fields.${k} must be a JSON Pointer such as "/deployment/id"`);
    }
  });
  for (const required of ['eventId', 'changeId', 'occurredAt'] as const) {
    if (fields[required] === undefined) throw new Error(`${where}.fields.${required} is required`);
  }
  const defaults = stringMap(value['defaults'], `${where}.defaults`, (_v, k) => {
    known(k);
  });
  const phases = stringMap(value['phases'], `${where}.phases`);
  return { fields, defaults, phases };
}

function parseSecrets(value: unknown, where: string, seen: Set<string>): string[] {
  if (
    !Array.isArray(value) ||
    value.length < 1 ||
    value.length > 2 ||
    !value.every((s) => typeof s === 'string' && s.length >= MIN_SECRET)
  ) {
    throw new Error(
      `${where} must be one or two secrets (two while rotating) of at least ${MIN_SECRET} characters`,
    );
  }
  for (const secret of value as string[]) {
    if (seen.has(secret))
      throw new Error(`${where} repeats a secret used elsewhere: each source needs its own`);
    seen.add(secret);
  }
  return value as string[];
}

/** Parses INTAKE_INTEGRATIONS. Names are unique per kind; a secret or routing key belongs to one entry. */
export function parseIntegrations(raw: string): Integration[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(
      'must be a JSON array like [{"kind":"github","name":"gh","source":"github","secrets":["..."]}] (it is not valid JSON)',
    );
  }
  if (!Array.isArray(parsed)) throw new Error('must be a JSON array');
  const names = new Set<string>();
  const secrets = new Set<string>();
  return parsed.map((entry: unknown, i): Integration => {
    const at = `[${i}]`;
    if (!isRecord(entry)) throw new Error(`${at} must be an object`);
    const { kind, name } = entry;
    if (typeof kind !== 'string' || !(INTAKE_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`${at}.kind must be one of ${INTAKE_KINDS.join(', ')}`);
    }
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new Error(`${at}.name must be 1-64 letters, digits or . _ - (starting with a letter or digit)`);
    }
    if (names.has(`${kind}/${name}`))
      throw new Error(`${at}.name "${name}" is a duplicate of an earlier ${kind} integration`);
    names.add(`${kind}/${name}`);
    if (kind === 'pagerduty') {
      const keys = entry['routingKeys'];
      if (!Array.isArray(keys) || keys.length === 0)
        throw new Error(`${at}.routingKeys must be a non-empty array`);
      return {
        kind,
        name,
        routingKeys: keys.map((k: unknown, j): RoutingKey => {
          const where = `${at}.routingKeys[${j}]`;
          if (!isRecord(k))
            throw new Error(`${where} must be an object {key, source, environment, service?}`);
          const [key] = parseSecrets([k['key']], `${where}.key`, secrets);
          const source = k['source'];
          if (typeof source !== 'string' || !SOURCE.test(source)) {
            throw new Error(`${where}.source must be a source name (lower case, as in change-event.v1)`);
          }
          const environment = environmentOf(k['environment'], `${where}.environment`);
          if (environment === undefined)
            throw new Error(`${where}.environment is required (the default environment)`);
          const service = environmentOf(k['service'], `${where}.service`);
          return { key: key ?? '', source, environment, ...(service === undefined ? {} : { service }) };
        }),
      };
    }
    const source = entry['source'];
    if (typeof source !== 'string' || !SOURCE.test(source)) {
      throw new Error(`${at}.source must be a source name (lower case, as in change-event.v1)`);
    }
    const environment = environmentOf(entry['environment'], `${at}.environment`);
    return {
      kind: kind as SignedIntakeKind,
      name,
      source,
      secrets: parseSecrets(entry['secrets'], `${at}.secrets`, secrets),
      ...(environment === undefined ? {} : { environment }),
      ...(kind === 'generic' ? { mapping: parseMapping(entry['mapping'], `${at}.mapping`) } : {}),
    };
  });
}

/** Every secret and routing key, for the log scrubber. */
export function integrationSecrets(integrations: readonly Integration[]): string[] {
  return integrations.flatMap((i) => (i.kind === 'pagerduty' ? i.routingKeys.map((k) => k.key) : i.secrets));
}
