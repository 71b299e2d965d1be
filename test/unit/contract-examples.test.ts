import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createAlertEventValidator } from '../../src/contracts/alert-event-validator';
import { createChangeEventValidator } from '../../src/contracts/change-event-validator';
import { ContractValidator, contractRegistry } from '../../src/contracts/contract-validator';
import { createTopologyValidator } from '../../src/contracts/topology-validator';
import { createFreezeWindowDefinitionValidator } from '../../src/contracts/freeze-window-validator';
import { createEvaluateRequestValidator } from '../../src/freeze/http/evaluate-request';
import { createOverrideGrantRequestValidator } from '../../src/freeze/http/override-grant-request';
import { describeContractExamples } from '../support/contract-examples';

/**
 * Every contract in contracts/ with examples, through the validator the service uses for it: the ones
 * with semantic rules by their factory (the examples assume the default OVERRIDE_GRANT_MAX_MINUTES, 240),
 * every other one as the plain compiled schema. A new contract's examples are covered without a new test.
 */
type Minimum = { valid: number; invalid: number };
type Describe = (contract: string, minimum: Minimum) => void;
const via =
  <T>(make: () => ContractValidator<T>): Describe =>
  (contract, minimum) => {
    describeContractExamples(contract, make(), minimum);
  };

const SERVICE_VALIDATORS: Readonly<Record<string, Describe>> = {
  'change-event.v1': via(createChangeEventValidator),
  'alert-event.v1': via(createAlertEventValidator),
  'freeze-evaluate-request.v1': via(createEvaluateRequestValidator),
  'freeze-window-definition.v1': via(createFreezeWindowDefinitionValidator),
  'override-grant-request.v1': via(() => createOverrideGrantRequestValidator(240)),
  'topology.v2': via(createTopologyValidator),
};

const CONTRACTS = path.resolve(__dirname, '../../contracts');
const withExamples = contractRegistry()
  .names()
  .filter((name) => existsSync(path.join(CONTRACTS, name, 'examples')));

it('finds every contract folder of contracts/ in the registry, each with examples', () => {
  const folders = readdirSync(CONTRACTS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(contractRegistry().names()).toEqual(folders);
  expect(withExamples).toEqual(folders);
});

/** Contracts the service only produces (published to Kafka): nothing sends them in, so nothing to refuse. */
const PRODUCED_ONLY = new Set(['freeze-violation.v1', 'suspects.v1']);

for (const name of withExamples) {
  const describeExamples = SERVICE_VALIDATORS[name] ?? via(() => new ContractValidator<unknown>(name));
  describeExamples(name, { valid: 1, invalid: PRODUCED_ONLY.has(name) ? 0 : 1 });
}
