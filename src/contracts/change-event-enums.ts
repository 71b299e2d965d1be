import schema from '../../contracts/change-event.v1/schema.json';
import type { ChangeEventV1 } from './generated/change-event.v1';

/** The enums of change-event.v1, read from the published schema itself (one source of truth). */
export const CHANGE_KINDS = schema.properties.kind.enum as readonly ChangeEventV1['kind'][];
export const CHANGE_PHASES = schema.properties.phase.enum as readonly ChangeEventV1['phase'][];
