import type { FreezeScope } from '../../../src/freeze/domain/freeze-window';
import { matchesGlob, matchesScope, type ChangeAttributes } from '../../../src/freeze/domain/scope';

const change: ChangeAttributes = {
  service: 'payments-api',
  environment: 'prod',
  region: 'eu-west-1',
  kind: 'deploy',
  team: 'payments',
  tier: 'tier-1',
};

describe('matchesScope', () => {
  const rows: [string, FreezeScope, ChangeAttributes, boolean][] = [
    ['an empty scope matches everything', {}, change, true],
    ['an empty dimension matches everything', { services: [] }, change, true],
    ['a glob with *', { services: ['payments-*'] }, change, true],
    ['a glob with * matches the empty rest', { services: ['payments-api*'] }, change, true],
    ['a glob is anchored at both ends', { services: ['payments'] }, change, false],
    ['a glob is anchored: no substring match', { services: ['*-ap'] }, change, false],
    ['? is one character', { services: ['payments-ap?'] }, change, true],
    ['? is exactly one character', { services: ['payments-api?'] }, change, false],
    ['braces are alternatives', { services: ['{payments,billing}-api'] }, change, true],
    ['character classes', { regions: ['eu-west-[0-9]'] }, change, true],
    ['matching is case-sensitive', { services: ['Payments-*'] }, change, false],
    ['a leading ! is literal, not a negation', { services: ['!checkout'] }, change, false],
    ['values in one dimension OR', { services: ['checkout', 'payments-*'] }, change, true],
    [
      'dimensions AND: all match',
      { services: ['payments-*'], environments: ['prod'], regions: ['eu-*'] },
      change,
      true,
    ],
    ['dimensions AND: one fails', { services: ['payments-*'], environments: ['staging'] }, change, false],
    ['kinds are exact', { kinds: ['deploy', 'config'] }, change, true],
    ['kinds do not glob', { kinds: ['dep*'] }, change, false],
    ['teams and tiers take globs', { teams: ['pay*'], tiers: ['tier-?'] }, change, true],
    [
      'a change without a team does not match a team scope',
      { teams: ['payments'] },
      { ...change, team: undefined },
      false,
    ],
    [
      'a change without a tier matches when tiers are not scoped',
      { services: ['payments-*'] },
      { ...change, tier: undefined },
      true,
    ],
    ['an empty service does not match *', { services: ['*'] }, { ...change, service: '' }, false],
    ['* matches any service', { services: ['*'] }, change, true],
  ];

  it.each(rows)('%s', (_name, scope, subject, expected) => {
    expect(matchesScope(scope, subject)).toBe(expected);
  });
});

describe('matchesGlob', () => {
  it.each([
    ['payments-*', 'payments-api', true],
    ['payments-*', 'payments', false],
    ['*', '.hidden', true],
    ['eu-*', 'us-east-1', false],
  ])('%s against %s', (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected);
  });
});

describe('patterns that make a backtracking matcher take seconds', () => {
  // A backtracking regular expression tries every way of placing the nine stars: 0.66 s for each of these
  // 44-character values. The test yields after each one, so that its 1 s timeout can fire.
  const adversarial = 'a*a*a*a*a*a*a*a*a*b';
  const values = ['a'.repeat(44), `${'a'.repeat(43)}c`, `${'a'.repeat(42)}bc`, 'ab'.repeat(22)];
  const yieldToTimers = () => new Promise((resolve) => setImmediate(resolve));

  it('are answered at once by matchesGlob', async () => {
    const answers: boolean[] = [];
    for (const value of values) {
      answers.push(matchesGlob(adversarial, value));
      await yieldToTimers();
    }
    expect(answers).toEqual([false, false, false, true]);
  }, 1_000);

  it('are answered at once by matchesScope, as evaluate, list filters and ingest use it', async () => {
    const scope: FreezeScope = { services: ['checkout', adversarial], teams: [adversarial] };
    const answers: boolean[] = [];
    for (const value of values) {
      answers.push(matchesScope(scope, { ...change, service: value, team: value }));
      await yieldToTimers();
    }
    expect(answers).toEqual([false, false, false, true]);
  }, 1_000);
});
