import { parse } from 'yaml';

export interface PortMapping {
  readonly hostIp: string | undefined;
  /** Undefined: a random host port. */
  readonly published: number | undefined;
  readonly target: number;
}

export interface ComposeService {
  readonly name: string;
  readonly image: string | undefined;
  /** Build context, when the service is built from a Dockerfile. */
  readonly build: { readonly context: string; readonly dockerfile: string } | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly PortMapping[];
  /** The healthcheck's `test` in list form (`CMD …` or `CMD-SHELL …`); undefined when absent or disabled. */
  readonly healthcheck: readonly string[] | undefined;
  /** Dependency → condition (`service_started` when given as a plain list, as Compose does). */
  readonly dependsOn: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[] | undefined;
  readonly command: readonly string[] | undefined;
  /** Short-syntax volume strings. */
  readonly volumes: readonly string[];
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes: readonly string[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  throw new Error(`${what} must be a scalar`);
}

function stringList(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((item, i) => scalar(item, `${what}[${i}]`));
  throw new Error(`${what} must be a string or a list`);
}

function environment(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scalar(v, `${what}.${k}`)]));
  }
  // List form: `- NAME=value`.
  const list = stringList(value, what) ?? [];
  return Object.fromEntries(
    list.map((entry) => {
      const eq = entry.indexOf('=');
      return eq === -1 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
    }),
  );
}

/** Short syntax `[ip:][host:]container[/proto]` and the long syntax `{target, published, host_ip}`. */
export function parsePort(value: unknown, what: string): PortMapping {
  if (isRecord(value)) {
    const target = Number(scalar(value['target'], `${what}.target`));
    const published = value['published'] === undefined ? undefined : Number(scalar(value['published'], what));
    const hostIp = value['host_ip'] === undefined ? undefined : scalar(value['host_ip'], what);
    return { hostIp, published, target };
  }
  const parts = scalar(value, what)
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const number = (text: string | undefined): number => {
    if (text === undefined || !/^\d+$/.test(text))
      throw new Error(`${what}: "${String(value)}" is not a port`);
    return Number(text);
  };
  switch (parts.length) {
    case 1:
      return { hostIp: undefined, published: undefined, target: number(parts[0]) };
    case 2:
      return { hostIp: undefined, published: number(parts[0]), target: number(parts[1]) };
    case 3:
      return { hostIp: parts[0], published: number(parts[1]), target: number(parts[2]) };
    default:
      throw new Error(`${what}: "${String(value)}" is not a port mapping`);
  }
}

function healthcheck(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Error(`${what} must be a mapping`);
  if (value['disable'] === true) return undefined;
  const test = value['test'];
  // A plain string is run by the container's shell.
  if (typeof test === 'string') return ['CMD-SHELL', test];
  const list = stringList(test, `${what}.test`);
  if (list === undefined || list[0] === 'NONE') return undefined;
  return list;
}

function dependsOn(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((name, i) => [scalar(name, `${what}[${i}]`), 'service_started']));
  }
  if (!isRecord(value)) throw new Error(`${what} must be a list or a mapping`);
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => [
      name,
      isRecord(spec) && spec['condition'] !== undefined
        ? scalar(spec['condition'], `${what}.${name}.condition`)
        : 'service_started',
    ]),
  );
}

function build(value: unknown, what: string): ComposeService['build'] {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { context: value, dockerfile: 'Dockerfile' };
  if (!isRecord(value)) throw new Error(`${what} must be a string or a mapping`);
  return {
    context: value['context'] === undefined ? '.' : scalar(value['context'], `${what}.context`),
    dockerfile:
      value['dockerfile'] === undefined ? 'Dockerfile' : scalar(value['dockerfile'], `${what}.dockerfile`),
  };
}

/** Parses docker-compose.yml into the parts the deployment tests check; throws on shapes it does not know. */
export function parseCompose(text: string): ComposeFile {
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc['services'])) throw new Error('docker-compose.yml has no services');
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries(doc['services'])) {
    if (!isRecord(raw)) throw new Error(`services.${name} must be a mapping`);
    const at = `services.${name}`;
    services[name] = {
      name,
      image: raw['image'] === undefined ? undefined : scalar(raw['image'], `${at}.image`),
      build: build(raw['build'], `${at}.build`),
      environment: environment(raw['environment'], `${at}.environment`),
      ports: (Array.isArray(raw['ports']) ? raw['ports'] : []).map((p, i) =>
        parsePort(p, `${at}.ports[${i}]`),
      ),
      healthcheck: healthcheck(raw['healthcheck'], `${at}.healthcheck`),
      dependsOn: dependsOn(raw['depends_on'], `${at}.depends_on`),
      entrypoint: stringList(raw['entrypoint'], `${at}.entrypoint`),
      command: stringList(raw['command'], `${at}.command`),
      volumes: stringList(raw['volumes'], `${at}.volumes`) ?? [],
      raw,
    };
  }
  const volumes = isRecord(doc['volumes']) ? Object.keys(doc['volumes']) : [];
  return { services, volumes };
}

/** `name:tag` / `name@sha256:…` → the tag or digest; undefined when the image floats (no tag). */
export function imageTag(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at !== -1) return image.slice(at + 1);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

/** `${VAR}` / `$VAR` references Compose would fill from the shell (`$$` is an escaped dollar). */
export function interpolations(text: string): string[] {
  return [...text.replace(/\$\$/g, '').matchAll(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]);
}

/** A Compose duration (`30s`, `1m30s`, `500ms`, `1.5h`) in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`not a duration: ${text}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (units[unit ?? ''] ?? NaN), 0);
}
