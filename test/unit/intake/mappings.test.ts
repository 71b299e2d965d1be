// The intakes' mappings as pure functions: the upstream examples against their golden files (the e2e
// suites send the same over HTTP), and the rules the examples do not reach.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createChangeEventValidator } from '../../../src/contracts/change-event-validator';
import { mapGitHubDelivery } from '../../../src/intake/github/github-deployment.mapping';
import { mapLaunchDarklyEntry } from '../../../src/intake/launchdarkly/launchdarkly-audit.mapping';
import { mapPagerDutyChangeEvent } from '../../../src/intake/pagerduty/pagerduty-change.mapping';
import { toInstant, type MappedChanges } from '../../../src/intake/payload';

const fixture = (file: string): unknown =>
  JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures', file), 'utf8'));
const validator = createChangeEventValidator();
const events = (mapped: MappedChanges) => {
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
  for (const event of mapped.events) expect(validator.check(event)).toMatchObject({ ok: true });
  return mapped.events;
};
const route = { key: 'k', source: 'pagerduty-checkout', environment: 'production', service: 'checkout' };

describe('intake mappings', () => {
  it.each([
    ['deployment', 'github/deployment.created'],
    ['deployment_status', 'github/deployment_status.success'],
    ['deployment_status', 'github/deployment_status.in_progress'],
  ])('GitHub %s (%s) maps to its golden event, valid by the contract', (event, file) => {
    expect(events(mapGitHubDelivery(event, fixture(`${file}.json`), { source: 'github-prod' }))).toEqual(
      fixture(`${file}.golden.json`),
    );
  });

  it.each([
    ['queued', 'planned'],
    ['pending', 'planned'],
    ['in_progress', 'started'],
    ['success', 'succeeded'],
    ['failure', 'failed'],
    ['error', 'failed'],
    ['inactive', 'progressed'],
  ])('GitHub state %s is phase %s', (state, phase) => {
    const payload = fixture('github/deployment_status.success.json') as {
      deployment_status: { state: string };
    };
    payload.deployment_status.state = state;
    expect(events(mapGitHubDelivery('deployment_status', payload, { source: 'gh' }))[0]?.phase).toBe(phase);
  });

  it('GitHub: an unknown state is refused naming it', () => {
    const payload = fixture('github/deployment_status.success.json') as {
      deployment_status: { state: string };
    };
    payload.deployment_status.state = 'exploded';
    const mapped = mapGitHubDelivery('deployment_status', payload, { source: 'gh' });
    expect(mapped.ok ? [] : mapped.errors.map((e) => e.field)).toEqual(['/deployment_status/state']);
  });

  it.each(['flag-turned-on', 'environment-renamed'])('LaunchDarkly %s maps to its golden event', (name) => {
    expect(
      events(mapLaunchDarklyEntry(fixture(`launchdarkly/${name}.json`), { source: 'launchdarkly' })),
    ).toEqual(fixture(`launchdarkly/${name}.golden.json`));
  });

  it("PagerDuty's example maps to its golden event, whatever the time it arrives", () => {
    const body = fixture('pagerduty/change-event.json');
    const golden = fixture('pagerduty/change-event.golden.json');
    expect(events(mapPagerDutyChangeEvent(body, route, new Date('2026-11-03T12:00:00Z')))).toEqual(golden);
    expect(events(mapPagerDutyChangeEvent(body, route, new Date('2027-01-01T00:00:00Z')))).toEqual(golden);
  });

  it('PagerDuty without a timestamp: dated the minute received; the same minute is the same event, a later one another', () => {
    const body = { payload: { summary: 'deployed checkout v2' } };
    const [first] = events(mapPagerDutyChangeEvent(body, route, new Date('2026-11-03T12:00:05Z')));
    const [retry] = events(mapPagerDutyChangeEvent(body, route, new Date('2026-11-03T12:00:55Z')));
    const [later] = events(mapPagerDutyChangeEvent(body, route, new Date('2026-11-03T12:01:05Z')));
    expect(first?.occurredAt).toBe('2026-11-03T12:00:00.000Z');
    expect(retry).toEqual(first);
    expect(later?.eventId).not.toBe(first?.eventId);
  });

  it('reads upstream instants: RFC 3339 with any offset, +0000, epoch milliseconds; not dates or words', () => {
    expect(toInstant('2020-07-17T08:42:58.315+0000')).toBe('2020-07-17T08:42:58.315Z');
    expect(toInstant('2020-07-17T10:42:58+02:00')).toBe('2020-07-17T08:42:58.000Z');
    expect(toInstant(1575998642418)).toBe('2019-12-10T17:24:02.418Z');
    expect(toInstant('2020-07-17')).toBeUndefined();
    expect(toInstant('yesterday')).toBeUndefined();
    expect(toInstant(1.5)).toBeUndefined();
  });
});
