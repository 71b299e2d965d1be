export const KAFKA = Symbol('KAFKA');
export const KAFKA_CONFIG = Symbol('KAFKA_CONFIG');
