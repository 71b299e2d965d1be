import { ContractValidator } from './contract-validator';
import type { TopologyV1 } from './generated/topology.v1';

export type TopologyValidator = ContractValidator<TopologyV1>;
export const TOPOLOGY_VALIDATOR = Symbol('TOPOLOGY_VALIDATOR');

export function createTopologyValidator(): TopologyValidator {
  return new ContractValidator<TopologyV1>('topology.v1');
}
