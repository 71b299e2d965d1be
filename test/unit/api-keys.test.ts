import {
  ApiKeyRing,
  generateAdminKey,
  hasRole,
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

  it('generates keys that API_KEYS itself would accept', () => {
    const entry = generateAdminKey();
    expect(parseApiKeys(JSON.stringify([{ key: entry.key, roles: entry.roles }]))).toEqual([
      { key: entry.key, roles: ['admin'], name: 'key-0' },
    ]);
  });
});

describe('parseApiKeys', () => {
  it('lets an admin omit sources, and names unnamed keys by index', () => {
    expect(parseApiKeys(JSON.stringify([{ key: 'admin-key-0001', roles: ['admin', 'publisher'] }]))).toEqual([
      { key: 'admin-key-0001', roles: ['admin', 'publisher'], name: 'key-0' },
    ]);
  });

  it('names the offending entry by index', () => {
    expect(() =>
      parseApiKeys(
        JSON.stringify([
          { key: 'admin-key-0001', roles: ['admin'] },
          { key: 'admin-key-0002', roles: ['publisher'] },
        ]),
      ),
    ).toThrow(/^\[1\] is a publisher and needs "sources"/);
  });
});
