import {
  ApiKeyRing,
  generateAdminKey,
  hasRole,
  holdsBreakGlassRole,
  mayPublishAs,
  parseApiKeys,
  type ApiKeyEntry,
  type Principal,
} from '../../src/auth/api-keys';

const entries: ApiKeyEntry[] = [
  { key: 'admin-key-0001', roles: ['admin'], name: 'ops' },
  { key: 'publisher-key-01', roles: ['publisher'], sources: ['argo-cd', 'flyway'], name: 'deployers' },
  { key: 'reviewer-key-001', roles: ['reviewer'], name: 'auditors' },
  // A reviewer with sources is still not a publisher.
  { key: 'reviewer-key-002', roles: ['reviewer'], sources: ['argo-cd'], name: 'odd-reviewer' },
  { key: 'oncall-key-0001', roles: ['reviewer'], name: 'sre-alice', breakGlassRoles: ['sre-oncall', 'ic'] },
];
const ring = new ApiKeyRing(entries);

function principal(key: string): Principal {
  const found = ring.authenticate(key);
  if (found === undefined) throw new Error(`key ${key} was not authenticated`);
  return found;
}

describe('ApiKeyRing', () => {
  it('authenticates each known key as its own principal', () => {
    expect(principal('admin-key-0001').name).toBe('ops');
    expect([...principal('admin-key-0001').roles]).toEqual(['admin']);
    expect(principal('publisher-key-01').name).toBe('deployers');
    expect([...(principal('publisher-key-01').sources ?? [])]).toEqual(['argo-cd', 'flyway']);
    expect(principal('reviewer-key-001').name).toBe('auditors');
    expect(principal('reviewer-key-001').sources).toBeUndefined();
  });

  it.each(['', 'unknown-key-123', 'admin-key-000', 'admin-key-00011', 'ADMIN-KEY-0001', ' admin-key-0001'])(
    'returns undefined for the unknown key %j',
    (key) => {
      expect(ring.authenticate(key)).toBeUndefined();
    },
  );

  it('never exposes the key in the principal', () => {
    const p = principal('publisher-key-01');
    expect(JSON.stringify({ ...p, roles: [...p.roles], sources: [...(p.sources ?? [])] })).not.toContain(
      'publisher-key-01',
    );
  });

  it('authenticates nothing when it holds no keys', () => {
    expect(new ApiKeyRing([]).authenticate('admin-key-0001')).toBeUndefined();
  });
});

describe('hasRole', () => {
  it('lets an admin do everything', () => {
    const admin = principal('admin-key-0001');
    expect(hasRole(admin, ['publisher'])).toBe(true);
    expect(hasRole(admin, ['reviewer'])).toBe(true);
    expect(hasRole(admin, ['admin'])).toBe(true);
  });

  it('grants other roles exactly what they name', () => {
    const reviewer = principal('reviewer-key-001');
    expect(hasRole(reviewer, ['reviewer'])).toBe(true);
    expect(hasRole(reviewer, ['publisher'])).toBe(false);
    expect(hasRole(reviewer, ['admin'])).toBe(false);
    const publisher = principal('publisher-key-01');
    expect(hasRole(publisher, ['publisher'])).toBe(true);
    expect(hasRole(publisher, ['reviewer'])).toBe(false);
    expect(hasRole(publisher, ['reviewer', 'publisher'])).toBe(true);
  });
});

describe('mayPublishAs', () => {
  it('binds a publisher to its sources', () => {
    const publisher = principal('publisher-key-01');
    expect(mayPublishAs(publisher, 'argo-cd')).toBe(true);
    expect(mayPublishAs(publisher, 'flyway')).toBe(true);
    expect(mayPublishAs(publisher, 'spinnaker')).toBe(false);
    expect(mayPublishAs(publisher, 'Argo-CD')).toBe(false);
  });

  it('lets an admin publish as any source', () => {
    const admin = principal('admin-key-0001');
    expect(mayPublishAs(admin, 'argo-cd')).toBe(true);
    expect(mayPublishAs(admin, 'anything-at-all')).toBe(true);
  });

  it('lets a reviewer publish as nothing, even with sources', () => {
    expect(mayPublishAs(principal('reviewer-key-001'), 'argo-cd')).toBe(false);
    expect(mayPublishAs(principal('reviewer-key-002'), 'argo-cd')).toBe(false);
  });
});

describe('generateAdminKey', () => {
  it('generates distinct admin keys that authenticate as admin', () => {
    const generated = Array.from({ length: 20 }, () => generateAdminKey());
    expect(new Set(generated.map((g) => g.key)).size).toBe(20);
    for (const entry of generated) {
      expect(entry.roles).toEqual(['admin']);
      expect(entry.key.length).toBeGreaterThanOrEqual(32);
      const admin = new ApiKeyRing([entry]).authenticate(entry.key);
      expect(admin?.roles.has('admin')).toBe(true);
    }
  });

  it('generates keys that API_KEYS itself would accept, under its stable name', () => {
    const entry = generateAdminKey();
    expect(entry.name).toBe('generated-admin');
    expect(parseApiKeys(JSON.stringify([entry]))).toEqual([
      { key: entry.key, roles: ['admin'], name: 'generated-admin' },
    ]);
  });
});

describe('holdsBreakGlassRole', () => {
  it('holds exactly the break-glass roles the key lists', () => {
    const oncall = principal('oncall-key-0001');
    expect(holdsBreakGlassRole(oncall, 'sre-oncall')).toBe(true);
    expect(holdsBreakGlassRole(oncall, 'ic')).toBe(true);
    expect(holdsBreakGlassRole(oncall, 'incident-commander')).toBe(false);
    expect(holdsBreakGlassRole(oncall, 'SRE-ONCALL')).toBe(false);
  });

  it('gives admins and publishers no break-glass role they do not list', () => {
    expect(holdsBreakGlassRole(principal('admin-key-0001'), 'sre-oncall')).toBe(false);
    expect(holdsBreakGlassRole(principal('publisher-key-01'), 'sre-oncall')).toBe(false);
    expect([...principal('admin-key-0001').breakGlassRoles]).toEqual([]);
  });
});

describe('parseApiKeys', () => {
  it('keeps each key under its configured name, whatever its position, with its break-glass roles', () => {
    const a = {
      name: 'deploy-pipeline',
      key: 'publisher-key-01',
      roles: ['publisher'],
      sources: ['argo-cd'],
    };
    const b = {
      name: 'sre-alice',
      key: 'oncall-key-0001',
      roles: ['reviewer'],
      breakGlassRoles: ['sre-oncall'],
    };
    const forwards = parseApiKeys(JSON.stringify([a, b]));
    const backwards = parseApiKeys(JSON.stringify([b, a]));
    expect(forwards).toEqual([a, b]);
    expect(backwards).toEqual([b, a]);
    const ring = new ApiKeyRing(backwards);
    expect(ring.authenticate('publisher-key-01')?.name).toBe('deploy-pipeline');
    expect([...(ring.authenticate('oncall-key-0001')?.breakGlassRoles ?? [])]).toEqual(['sre-oncall']);
  });

  it('refuses a key without a name, saying that names are now required', () => {
    expect(() => parseApiKeys(JSON.stringify([{ key: 'admin-key-0001', roles: ['admin'] }]))).toThrow(
      /^\[0\]\.name is required: give every key a stable id/,
    );
  });

  it.each([
    ['empty', ''],
    ['with a space', 'ops team'],
    ['starting with $', '$service'],
    ['not a string', 7],
    ['too long', 'k'.repeat(65)],
  ])('refuses a name %s', (_what, name) => {
    expect(() => parseApiKeys(JSON.stringify([{ key: 'admin-key-0001', roles: ['admin'], name }]))).toThrow(
      /^\[0\]\.name must be 1-64 letters, digits/,
    );
  });

  it('refuses two keys with the same name', () => {
    expect(() =>
      parseApiKeys(
        JSON.stringify([
          { key: 'admin-key-0001', roles: ['admin'], name: 'ops' },
          { key: 'admin-key-0002', roles: ['admin'], name: 'ops' },
        ]),
      ),
    ).toThrow(/^\[1\]\.name "ops" is a duplicate/);
  });

  it.each([
    ['a string', 'sre-oncall'],
    ['an empty role', ['']],
    ['a role with a space', ['sre oncall']],
    ['a number', [1]],
  ])('refuses breakGlassRoles that is %s', (_what, breakGlassRoles) => {
    expect(() =>
      parseApiKeys(
        JSON.stringify([{ key: 'admin-key-0001', roles: ['admin'], name: 'ops', breakGlassRoles }]),
      ),
    ).toThrow(/^\[0\]\.breakGlassRoles must be an array of role names/);
  });

  it('lets an admin omit sources', () => {
    expect(
      parseApiKeys(JSON.stringify([{ key: 'admin-key-0001', roles: ['admin', 'publisher'], name: 'ops' }])),
    ).toEqual([{ key: 'admin-key-0001', roles: ['admin', 'publisher'], name: 'ops' }]);
  });

  it('names the offending entry by index', () => {
    expect(() =>
      parseApiKeys(
        JSON.stringify([
          { key: 'admin-key-0001', roles: ['admin'], name: 'ops' },
          { key: 'admin-key-0002', roles: ['publisher'], name: 'pipeline' },
        ]),
      ),
    ).toThrow(/^\[1\] is a publisher and needs "sources"/);
  });
});
