import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['publisher', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  readonly key: string;
  readonly roles: readonly Role[];
  /** For publishers: the `source` values they may publish as. */
  readonly sources?: readonly string[];
  /**
   * The key's stable id: shown in logs and recorded in audit metadata (who published, who granted or used
   * a break-glass override) instead of the key. Required, so records keep naming the same key when the
   * list is reordered.
   */
  readonly name: string;
  /** Break-glass roles this key holds (e.g. "sre-oncall"): it may override, or grant overrides, as them. */
  readonly breakGlassRoles?: readonly string[];
}

/** Who is calling, as far as the service is concerned. Never carries the key itself. */
export interface Principal {
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly sources: ReadonlySet<string> | undefined;
  readonly breakGlassRoles: ReadonlySet<string>;
}

/** A key's name: also the id records carry, so plain and bounded (no spaces, no leading "$"). */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
/** A break-glass role as freeze windows name it (breakGlass.roles). */
const BREAK_GLASS_ROLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}

/**
 * Parses API_KEYS: a JSON array of {name, key, roles, sources?, breakGlassRoles?}. Errors never echo a
 * key. `name` is required and unique: it is the id every record names the key by.
 */
export function parseApiKeys(raw: string): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('must be a JSON array like [{"key":"...","roles":["admin"]}] (it is not valid JSON)');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('must be a non-empty JSON array');
  const seen = new Set<string>();
  const names = new Set<string>();
  return parsed.map((entry: unknown, i): ApiKeyEntry => {
    if (!isRecord(entry)) throw new Error(`[${i}] must be an object`);
    const { key, roles, sources, name, breakGlassRoles } = entry;
    if (typeof key !== 'string' || key.length < 8)
      throw new Error(`[${i}].key must be a string of at least 8 characters`);
    if (seen.has(key)) throw new Error(`[${i}].key is a duplicate of an earlier key`);
    seen.add(key);
    if (name === undefined) {
      throw new Error(
        `[${i}].name is required: give every key a stable id such as "deploy-pipeline" (records name keys by it)`,
      );
    }
    if (typeof name !== 'string' || !KEY_NAME.test(name)) {
      throw new Error(
        `[${i}].name must be 1-64 letters, digits or . _ : @ - (starting with a letter or digit)`,
      );
    }
    if (names.has(name)) throw new Error(`[${i}].name "${name}" is a duplicate of an earlier key's name`);
    names.add(name);
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
    if (
      breakGlassRoles !== undefined &&
      !(isStringArray(breakGlassRoles) && breakGlassRoles.every((r) => BREAK_GLASS_ROLE.test(r)))
    ) {
      throw new Error(`[${i}].breakGlassRoles must be an array of role names such as "sre-oncall"`);
    }
    return {
      name,
      key,
      roles: roles as Role[],
      ...(sources ? { sources } : {}),
      ...(breakGlassRoles ? { breakGlassRoles } : {}),
    };
  });
}

/** SHA-256 of a key: what the ring compares, and what a console session is bound to. */
export const keyDigest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** A configured key, found by its value or its name: who it is and its digest (never the key itself). */
export interface KnownKey {
  readonly principal: Principal;
  readonly digest: Buffer;
}

/** Looks keys up by digest and compares in constant time, so timing does not leak key prefixes. */
export class ApiKeyRing {
  private readonly entries: KnownKey[];

  constructor(keys: readonly ApiKeyEntry[]) {
    this.entries = keys.map((entry) => ({
      digest: keyDigest(entry.key),
      principal: {
        name: entry.name,
        roles: new Set(entry.roles),
        sources: entry.sources ? new Set(entry.sources) : undefined,
        breakGlassRoles: new Set(entry.breakGlassRoles ?? []),
      },
    }));
  }

  authenticate(key: string): Principal | undefined {
    return this.find(key)?.principal;
  }

  /** The configured key with this value, if any. */
  find(key: string): KnownKey | undefined {
    const candidate = keyDigest(key);
    let found: KnownKey | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry;
    }
    return found;
  }

  /** The key configured under this name now (a console session names the key it was opened with). */
  byName(name: string): KnownKey | undefined {
    return this.entries.find((entry) => entry.principal.name === name);
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

/**
 * Whether the key holds a break-glass role. Only roles listed in its breakGlassRoles count: being an admin
 * does not make a key an on-call responder.
 */
export function holdsBreakGlassRole(principal: Principal, role: string): boolean {
  return principal.breakGlassRoles.has(role);
}
