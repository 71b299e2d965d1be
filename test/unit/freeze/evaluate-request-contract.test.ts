import { CHANGE_KINDS } from '../../../src/contracts/change-event-enums';
import { createEvaluateRequestValidator } from '../../../src/freeze/http/evaluate-request';
import { describeContractExamples } from '../../support/contract-examples';

const validator = createEvaluateRequestValidator();
const minimal = { service: 'payments-api', environment: 'prod', region: 'eu-west-1', kind: 'deploy' };

const messagesOf = (body: unknown): string[] => {
  const result = validator.check(body);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(body)}`);
  return result.errors.map((e) => e.message);
};

describeContractExamples('freeze-evaluate-request.v1', validator, { valid: 2, invalid: 6 });

describe('freeze-evaluate-request.v1', () => {
  it('takes its kinds from change-event.v1 (a $ref), and names them when refusing one', () => {
    for (const kind of CHANGE_KINDS) expect(validator.check({ ...minimal, kind }).ok).toBe(true);
    expect(messagesOf({ ...minimal, kind: 'teleport' })).toEqual([
      `/kind must be one of ${CHANGE_KINDS.join(', ')}`,
    ]);
  });

  it('wants an instant with its offset for at', () => {
    expect(validator.check({ ...minimal, at: '2026-03-29T01:30:00+01:00' }).ok).toBe(true);
    expect(validator.check({ ...minimal, at: '2026-03-29T00:30:00.250Z' }).ok).toBe(true);
    for (const at of ['2026-03-29', '2026-03-29T01:30:00', 'tomorrow', '2026-02-30T00:00:00Z']) {
      expect(messagesOf({ ...minimal, at })).toEqual(['/at must match format "date-time"']);
    }
  });

  it('wants at in the range the schedules can evaluate (1900 to 2500)', () => {
    expect(validator.check({ ...minimal, at: '1900-01-01T00:00:00Z' }).ok).toBe(true);
    expect(validator.check({ ...minimal, at: '2499-12-31T23:59:59.999Z' }).ok).toBe(true);
    for (const at of ['1899-12-31T23:59:59Z', '2500-01-01T00:00:00Z', '0050-01-01T00:00:00Z']) {
      expect(messagesOf({ ...minimal, at })).toEqual([
        '/at must be an instant between 1900-01-01 and 2500-01-01',
      ]);
    }
  });

  it('reports every fault at once, each naming its field', () => {
    expect(
      messagesOf({
        service: 'x'.repeat(129),
        region: '',
        kind: 'deploy',
        isRollback: 'yes',
        colour: 1,
      }).sort(),
    ).toEqual([
      '/colour is not a known field',
      '/environment is required',
      '/isRollback must be boolean',
      '/region must NOT have fewer than 1 characters',
      '/service must NOT have more than 128 characters',
    ]);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'deploy', 42]) expect(messagesOf(body)).toEqual(['message must be object']);
  });
});
