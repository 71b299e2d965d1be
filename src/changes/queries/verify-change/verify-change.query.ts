import { Query } from '@nestjs/cqrs';

/** One event of a change, and whether its stored hash is the one its content and link give. */
export interface VerifiedEvent {
  readonly position: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly ok: boolean;
}

/** Whether every event of a change verifies in the audit record (`ok` is false when any does not). */
export interface ChangeVerification {
  readonly ok: boolean;
  readonly events: readonly VerifiedEvent[];
}

/** Undefined when the change has no events (no such change). */
export class VerifyChangeQuery extends Query<ChangeVerification | undefined> {
  constructor(
    readonly source: string,
    readonly changeId: string,
  ) {
    super();
  }
}
