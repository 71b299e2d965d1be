import { validateFreezeWindow } from '../../../src/contracts/freeze-window-validator';
import type { ValidationError } from '../../../src/freeze/domain/freeze-window';

/** The request body of the Black Friday example. */
const blackFriday = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
  scope: { services: ['payments-*'], environments: ['prod'] },
  exemptions: ['rollback'],
  breakGlass: { roles: ['incident-commander'], justificationRequired: true },
};

type Body = Record<string, unknown>;
const withSchedule = (schedule: Body): Body => ({
  ...blackFriday,
  schedule: { ...blackFriday.schedule, ...schedule },
});
const once = (schedule: Body): Body => ({ ...blackFriday, schedule: { type: 'once', ...schedule } });

function errorsOf(input: unknown): readonly ValidationError[] {
  const result = validateFreezeWindow(input);
  return result.ok ? [] : result.errors;
}

describe('validateFreezeWindow accepts', () => {
  it('the Black Friday example as it is', () => {
    expect(validateFreezeWindow(blackFriday)).toEqual({ ok: true, value: blackFriday });
  });

  it('a one-off window with and without end, normalising instants to UTC', () => {
    expect(
      validateFreezeWindow(once({ start: '2024-12-20T09:00:00+01:00', end: '2025-01-02T00:00:00Z' })),
    ).toMatchObject({
      ok: true,
      value: {
        schedule: { type: 'once', start: '2024-12-20T08:00:00.000Z', end: '2025-01-02T00:00:00.000Z' },
      },
    });
    const open = validateFreezeWindow(once({ start: '2024-12-20T08:00:00Z' }));
    expect(open.ok && open.value.schedule).toEqual({ type: 'once', start: '2024-12-20T08:00:00.000Z' });
  });

  it('normalises the time zone, cron spacing, duplicates and a missing justificationRequired', () => {
    const result = validateFreezeWindow({
      ...withSchedule({ timeZone: 'europe/berlin', cron: ' 0  18 * *   FRI ' }),
      scope: { services: ['a', 'a', 'b'] },
      exemptions: ['rollback', 'rollback', 'hotfix'],
      breakGlass: { roles: ['sre'] },
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        schedule: { timeZone: 'Europe/Berlin', cron: '0 18 * * FRI' },
        scope: { services: ['a', 'b'] },
        exemptions: ['rollback', 'hotfix'],
        breakGlass: { roles: ['sre'], justificationRequired: true },
      },
    });
  });

  it.each(['P1W', 'PT0.5H', 'P31D', 'P1DT12H', 'PT1M'])('the duration %s', (duration) => {
    expect(validateFreezeWindow(withSchedule({ duration })).ok).toBe(true);
  });

  it('time-zone links and case variants, by their canonical id', () => {
    const result = validateFreezeWindow(withSchedule({ timeZone: 'asia/calcutta' }));
    expect(result.ok && result.value.schedule).toMatchObject({ timeZone: 'Asia/Calcutta' });
  });

  it('past windows, validity bounds and an empty scope', () => {
    const result = validateFreezeWindow({
      ...withSchedule({ validFrom: '2019-01-01T00:00:00Z', validUntil: '2020-01-01T00:00:00Z' }),
      scope: {},
    });
    expect(result.ok).toBe(true);
  });
});

describe('validateFreezeWindow refuses, naming the field', () => {
  const rows: [string, unknown, string, RegExp][] = [
    ['not an object', 'deny', '', /object/],
    ['missing name', { ...blackFriday, name: undefined }, '/name', /required/],
    ['blank name', { ...blackFriday, name: '  ' }, '/name', /empty/],
    ['missing reason', { ...blackFriday, reason: undefined }, '/reason', /required/],
    ['bad kind', { ...blackFriday, kind: 'block' }, '/kind', /deny.*allow/],
    ['missing schedule', { ...blackFriday, schedule: undefined }, '/schedule', /required/],
    [
      'unknown schedule type',
      { ...blackFriday, schedule: { type: 'weekly' } },
      '/schedule/type',
      /once.*recurring/,
    ],
    ['unparsable cron', withSchedule({ cron: '0 18 * * fri-day' }), '/schedule/cron', /cron/],
    ['a cron with six fields', withSchedule({ cron: '0 0 18 * * 5' }), '/schedule/cron', /five fields/],
    ['a cron with four fields', withSchedule({ cron: '0 18 * *' }), '/schedule/cron', /five fields/],
    ['a cron nickname', withSchedule({ cron: '@weekly' }), '/schedule/cron', /five fields/],
    ["Croner's ? (time of parsing)", withSchedule({ cron: '? 18 * * 5' }), '/schedule/cron', /\?/],
    ['a cron out of range', withSchedule({ cron: '60 18 * * 5' }), '/schedule/cron', /cron/],
    ['a cron that never fires', withSchedule({ cron: '0 0 30 2 *' }), '/schedule/cron', /never/],
    ['unknown time zone', withSchedule({ timeZone: 'Europe/Atlantis' }), '/schedule/timeZone', /time zone/],
    [
      'a fixed offset instead of a zone',
      withSchedule({ timeZone: '+01:00' }),
      '/schedule/timeZone',
      /time zone/,
    ],
    ['missing time zone', withSchedule({ timeZone: undefined }), '/schedule/timeZone', /required/],
    ['zero duration', withSchedule({ duration: 'PT0S' }), '/schedule/duration', /positive/],
    ['negative duration', withSchedule({ duration: '-PT1H' }), '/schedule/duration', /positive/],
    ['absurd duration', withSchedule({ duration: 'P32D' }), '/schedule/duration', /31 days/],
    ['absurd duration in hours', withSchedule({ duration: 'PT745H' }), '/schedule/duration', /31 days/],
    ['a duration in months', withSchedule({ duration: 'P1M' }), '/schedule/duration', /months/],
    ['not a duration', withSchedule({ duration: '56h' }), '/schedule/duration', /ISO 8601/],
    [
      'validUntil not after validFrom',
      withSchedule({ validFrom: '2024-01-01T00:00:00Z', validUntil: '2024-01-01T00:00:00Z' }),
      '/schedule/validUntil',
      /after/,
    ],
    [
      'an instant without offset',
      withSchedule({ validFrom: '2024-01-01T00:00:00' }),
      '/schedule/validFrom',
      /offset/,
    ],
    [
      'an unknown schedule property',
      withSchedule({ end: '2024-01-01T00:00:00Z' }),
      '/schedule/end',
      /not a known/,
    ],
    [
      'end not after start',
      once({ start: '2024-12-20T00:00:00Z', end: '2024-12-20T00:00:00Z' }),
      '/schedule/end',
      /after start/,
    ],
    [
      'end before start',
      once({ start: '2024-12-20T00:00:00Z', end: '2024-12-19T00:00:00Z' }),
      '/schedule/end',
      /after start/,
    ],
    ['missing start', once({}), '/schedule/start', /required/],
    ['a start out of range', once({ start: '0099-01-01T00:00:00Z' }), '/schedule/start', /between/],
    ['missing scope', { ...blackFriday, scope: undefined }, '/scope', /required/],
    [
      'empty scope value',
      { ...blackFriday, scope: { services: ['payments-*', ''] } },
      '/scope/services/1',
      /empty/,
    ],
    ['blank scope value', { ...blackFriday, scope: { regions: [' '] } }, '/scope/regions/0', /empty/],
    [
      'padded scope value',
      { ...blackFriday, scope: { teams: [' payments'] } },
      '/scope/teams/0',
      /white space/,
    ],
    [
      'empty scope array',
      { ...blackFriday, scope: { environments: [] } },
      '/scope/environments',
      /leave the dimension out/,
    ],
    [
      'a scope dimension that is not an array',
      { ...blackFriday, scope: { services: 'payments-*' } },
      '/scope/services',
      /array/,
    ],
    [
      'an unknown change kind',
      { ...blackFriday, scope: { kinds: ['deploy', 'reboot'] } },
      '/scope/kinds/1',
      /one of/,
    ],
    [
      'an unknown scope dimension',
      { ...blackFriday, scope: { service: ['payments-*'] } },
      '/scope/service',
      /not a known/,
    ],
    [
      'unknown exemption',
      { ...blackFriday, exemptions: ['rollback', 'emergency'] },
      '/exemptions/1',
      /rollback, hotfix/,
    ],
    [
      'break-glass without roles',
      { ...blackFriday, breakGlass: { roles: [], justificationRequired: true } },
      '/breakGlass/roles',
      /at least one role/,
    ],
    [
      'break-glass with no roles field',
      { ...blackFriday, breakGlass: { justificationRequired: true } },
      '/breakGlass/roles',
      /at least one role/,
    ],
    [
      'break-glass with an empty role',
      { ...blackFriday, breakGlass: { roles: [''], justificationRequired: true } },
      '/breakGlass/roles/0',
      /empty/,
    ],
    [
      'justificationRequired not a boolean',
      { ...blackFriday, breakGlass: { roles: ['sre'], justificationRequired: 'yes' } },
      '/breakGlass/justificationRequired',
      /boolean/,
    ],
    [
      'an unknown top-level property',
      { ...blackFriday, exemption: ['rollback'] },
      '/exemption',
      /not a known/,
    ],
  ];

  it.each(rows)('%s', (_name, input, field, message) => {
    const errors = errorsOf(input);
    expect(errors.map((e) => e.field)).toContain(field);
    expect(errors.find((e) => e.field === field)?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({
      ...withSchedule({ cron: 'nope', timeZone: 'Nowhere/Else', duration: 'P0D' }),
      kind: 'x',
    });
    expect(errors.map((e) => e.field).sort()).toEqual([
      '/kind',
      '/schedule/cron',
      '/schedule/duration',
      '/schedule/timeZone',
    ]);
  });
});
