import { integrationSecrets, parseIntegrations } from '../../../src/intake/integrations';
import { loadConfig } from '../../../src/config/app-config';

const github = { kind: 'github', name: 'gh', source: 'github', secrets: ['a-secret-of-16-chars'] };
const parse = (entries: unknown[]) => parseIntegrations(JSON.stringify(entries));

describe('INTAKE_INTEGRATIONS', () => {
  it('reads each kind, with one or two secrets per integration', () => {
    const parsed = parse([
      { ...github, secrets: ['a-secret-of-16-chars', 'the-next-secret-16c'] },
      {
        kind: 'pagerduty',
        name: 'pd',
        routingKeys: [{ key: 'routing-key-of-32-characters-000', source: 'pd', environment: 'production' }],
      },
      {
        kind: 'generic',
        name: 'hook',
        source: 'hook',
        secrets: ['generic-secret-16-c'],
        mapping: { fields: { eventId: '/id', changeId: '/c', occurredAt: '/t' } },
      },
    ]);
    expect(parsed.map((i) => i.kind)).toEqual(['github', 'pagerduty', 'generic']);
    expect(integrationSecrets(parsed)).toEqual([
      'a-secret-of-16-chars',
      'the-next-secret-16c',
      'routing-key-of-32-characters-000',
      'generic-secret-16-c',
    ]);
  });

  it.each([
    ['an unknown kind', [{ ...github, kind: 'gitlab' }], /\[0\]\.kind must be one of/],
    [
      'three secrets',
      [{ ...github, secrets: ['a'.repeat(16), 'b'.repeat(16), 'c'.repeat(16)] }],
      /one or two secrets/,
    ],
    ['a short secret', [{ ...github, secrets: ['short'] }], /at least 16 characters/],
    ['a source that is no source', [{ ...github, source: 'GitHub Prod' }], /\.source must be a source name/],
    ['a secret shared by two integrations', [github, { ...github, name: 'gh2' }], /repeats a secret/],
    [
      'two integrations of a kind with one name',
      [github, { ...github, secrets: ['x'.repeat(16)] }],
      /duplicate/,
    ],
    [
      'a generic integration without eventId',
      [{ ...github, kind: 'generic', mapping: { fields: { changeId: '/c', occurredAt: '/t' } } }],
      /fields\.eventId is required/,
    ],
    [
      'a generic field that is no field',
      [
        {
          ...github,
          kind: 'generic',
          mapping: { fields: { eventId: '/i', changeId: '/c', occurredAt: '/t', colour: '/x' } },
        },
      ],
      /unknown field "colour"/,
    ],
    [
      'a pointer that is no pointer',
      [
        {
          ...github,
          kind: 'generic',
          mapping: { fields: { eventId: 'id', changeId: '/c', occurredAt: '/t' } },
        },
      ],
      /JSON Pointer/,
    ],
    [
      'a routing key without an environment',
      [{ kind: 'pagerduty', name: 'pd', routingKeys: [{ key: 'k'.repeat(32), source: 'pd' }] }],
      /environment is required/,
    ],
  ])('refuses %s, naming the entry and never the secret', (_what, entries, message) => {
    expect(() => parse(entries)).toThrow(message);
    try {
      parse(entries);
    } catch (error) {
      expect((error as Error).message).not.toContain('a-secret-of-16-chars');
    }
  });

  it('is a start-up error naming the variable, with the retention checked too', () => {
    expect(() => loadConfig({ INTAKE_INTEGRATIONS: 'not json' })).toThrow(
      /INTAKE_INTEGRATIONS .*not valid JSON/,
    );
    expect(() => loadConfig({ INTAKE_REJECTION_RETENTION_DAYS: '0' })).toThrow(
      /INTAKE_REJECTION_RETENTION_DAYS/,
    );
    expect(loadConfig({ INTAKE_REJECTION_RETENTION_DAYS: '7' }).intake.rejectionRetentionDays).toBe(7);
  });
});
