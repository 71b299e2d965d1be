import { checkPlausibleInstant } from './change-event-validator';
import { ContractValidator } from './contract-validator';
import type { TopologyV2 } from './generated/topology.v2';

/**
 * topology.v2 takes every topology.v1 message too (v1 is v2 without effectiveAt and environment), so one
 * validator serves PUT /v1/topology and the Kafka topic for both versions.
 */
export type TopologyValidator = ContractValidator<TopologyV2>;
export const TOPOLOGY_VALIDATOR = Symbol('TOPOLOGY_VALIDATOR');

export function createTopologyValidator(): TopologyValidator {
  return new ContractValidator<TopologyV2>('topology.v2', (topology) =>
    topology.effectiveAt === undefined ? [] : checkPlausibleInstant(topology.effectiveAt, '/effectiveAt'),
  );
}
