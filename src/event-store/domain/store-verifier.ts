import { LEGACY_GENESIS_HASH, eventHash, legacyChainHash } from './event-hash';
import type { StoredEvent } from './stored-event';

export type StoreBreak =
  | { kind: 'hash_mismatch'; position: bigint; eventId: string; detail: string }
  | { kind: 'broken_link'; position: bigint; eventId: string; detail: string }
  | { kind: 'head_mismatch'; position: bigint; detail: string };

/** Where the chain of rows written before the leaf rule ends (position 0: there were none). */
export interface LegacyChainEnd {
  readonly position: bigint;
  readonly hash: string;
}

/**
 * Walks the store in position order, one event at a time, so a store of any size is verified in bounded
 * memory: every row's hash is recomputed by its rule, and the rows of the legacy chain must form an
 * unbroken prefix ending where the migration recorded it. Feed events with `next`, then call `finish`
 * with the recorded head. What this walk cannot see (a row removed or edited and re-hashed by someone
 * with write access) is what the signed checkpoints are for.
 */
export class StoreVerifier {
  private expectedPrev = LEGACY_GENESIS_HASH;
  private lastPosition = 0n;
  private lastHash = LEGACY_GENESIS_HASH;
  private checkedCount = 0;
  private broken: StoreBreak | undefined;

  constructor(private readonly legacyEnd: LegacyChainEnd = { position: 0n, hash: LEGACY_GENESIS_HASH }) {}

  get checked(): number {
    return this.checkedCount;
  }

  get firstBreak(): StoreBreak | undefined {
    return this.broken;
  }

  /** The stored hash of the last event checked (the legacy genesis value for an empty store). */
  get lastEventHash(): string {
    return this.lastHash;
  }

  /** Returns false once a break is found; the caller can stop reading. */
  next(event: StoredEvent): boolean {
    if (this.broken) return false;
    this.checkedCount += 1;
    const inLegacyRange = event.position <= this.legacyEnd.position;
    if (inLegacyRange && event.prevHash !== this.expectedPrev) {
      this.broken = {
        kind: 'broken_link',
        position: event.position,
        eventId: event.eventId,
        detail:
          `prev_hash does not match the hash of the event before it (position ${this.lastPosition}): ` +
          'an event was removed, inserted or moved',
      };
      return false;
    }
    if (!inLegacyRange && event.prevHash !== null) {
      this.broken = {
        kind: 'broken_link',
        position: event.position,
        eventId: event.eventId,
        detail: `a chained row after the end of the legacy chain (position ${this.legacyEnd.position})`,
      };
      return false;
    }
    if (!inLegacyRange && !this.legacyComplete()) return this.legacyCut(event);
    const recomputed = event.prevHash === null ? eventHash(event) : legacyChainHash(event.prevHash, event);
    if (recomputed !== event.hash) {
      this.broken = {
        kind: 'hash_mismatch',
        position: event.position,
        eventId: event.eventId,
        detail: 'the stored hash does not match the event content: the event was edited',
      };
      return false;
    }
    if (inLegacyRange) this.expectedPrev = event.hash;
    this.lastHash = event.hash;
    this.lastPosition = event.position;
    return true;
  }

  /** The legacy chain reached the end the migration recorded, with the hash it recorded. */
  private legacyComplete(): boolean {
    return this.lastPosition >= this.legacyEnd.position && this.expectedPrev === this.legacyEnd.hash;
  }

  /** The last rows of the legacy chain are gone or re-chained. */
  private legacyCut(event: StoredEvent): false {
    this.broken = {
      kind: 'broken_link',
      position: event.position,
      eventId: event.eventId,
      detail:
        `the legacy chain ends at position ${this.lastPosition}, not at position ${this.legacyEnd.position} ` +
        'as recorded: its last events were removed',
    };
    return false;
  }

  /** The head records the last appended position; a missing tail shows up only here. */
  finish(head: { position: bigint }): StoreBreak | undefined {
    if (this.broken) return this.broken;
    if (head.position !== this.lastPosition || !this.legacyComplete()) {
      this.broken = {
        kind: 'head_mismatch',
        position: this.lastPosition,
        detail:
          `the store ends at position ${this.lastPosition} but the recorded head is position ` +
          `${head.position}: events at the end were removed or the head was altered`,
      };
    }
    return this.broken;
  }
}
