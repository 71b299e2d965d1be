import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['publisher', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  readonly key: string;
  readonly roles: readonly Role[];
  /** For publishers: the `source` values they may publish as. */
  readonly sources?: readonly string[];
  /** Shown in logs and audit metadata instead of the key. */
  readonly name?: string;
}

/** Who is calling, as far as the service is concerned. Never carries the key itself. */
export interface Principal {
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly sources: ReadonlySet<string> | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}

/** Parses API_KEYS: a JSON array of {key, roles, sources?, name?}. Errors never echo a key. */
export function parseApiKeys(raw: string): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('must be a JSON array like [{"key":"...","roles":["admin"]}] (it is not valid JSON)');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('must be a non-empty JSON array');
  const seen = new Set<string>();
  return parsed.map((entry: unknown, i): ApiKeyEntry => {
    if (!isRecord(entry)) throw new Error(`[${i}] must be an object`);
    const { key, roles, sources, name } = entry;
    if (typeof key !== 'string' || key.length < 8)
      throw new Error(`[${i}].key must be a string of at least 8 characters`);
    if (seen.has(key)) throw new Error(`[${i}].key is a duplicate of an earlier key`);
    seen.add(key);
    if (
      !isStringArray(roles) ||
      roles.length === 0 ||
      !roles.every((r) => (ROLES as readonly string[]).includes(r))
    ) {
      throw new Error(`[${i}].roles must be a non-empty array of ${ROLES.join(', ')}`);
    }
    if (sources !== undefined && !isStringArray(sources))
      throw new Error(`[${i}].sources must be an array of strings`);
    if (roles.includes('publisher') && !roles.includes('admin') && sources === undefined) {
      throw new Error(`[${i}] is a publisher and needs "sources" (the source values it may publish as)`);
    }
    if (name !== undefined && typeof name !== 'string') throw new Error(`[${i}].name must be a string`);
    return { key, roles: roles as Role[], ...(sources ? { sources } : {}), name: name ?? `key-${i}` };
  });
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Looks keys up by digest and compares in constant time, so timing does not leak key prefixes. */
export class ApiKeyRing {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(keys: readonly ApiKeyEntry[]) {
    this.entries = keys.map((entry) => ({
      digest: digest(entry.key),
      principal: {
        name: entry.name ?? 'unnamed',
        roles: new Set(entry.roles),
        sources: entry.sources ? new Set(entry.sources) : undefined,
      },
    }));
  }

  authenticate(key: string): Principal | undefined {
    const candidate = digest(key);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.principal;
    }
    return found;
  }
}

export function generateAdminKey(): ApiKeyEntry {
  return { key: `cas_${randomBytes(24).toString('base64url')}`, roles: ['admin'], name: 'generated-admin' };
}

/** Admins do everything; every other role grants exactly what it names. */
export function hasRole(principal: Principal, required: readonly Role[]): boolean {
  if (principal.roles.has('admin')) return true;
  return required.some((role) => principal.roles.has(role));
}

export function mayPublishAs(principal: Principal, source: string): boolean {
  if (principal.roles.has('admin')) return true;
  return principal.roles.has('publisher') && principal.sources !== undefined && principal.sources.has(source);
}
