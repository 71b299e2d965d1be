import { canonicalJson } from './event-hash';
import type { JsonObject, NewEvent } from './stored-event';
import type { AppendOutcome } from '../event-store';

/** The key of an event id in maps: namespace and id, separated by a character neither may hold. */
export function idKey(event: { readonly namespace: string; readonly eventId: string }): string {
  return `${event.namespace}\u0000${event.eventId}`;
}

/** The first occurrence of each (namespace, eventId) in a batch: what an append must look up. */
export function distinctIds(events: readonly NewEvent[]): NewEvent[] {
  const seen = new Map<string, NewEvent>();
  for (const event of events) {
    const key = idKey(event);
    if (!seen.has(key)) seen.set(key, event);
  }
  return [...seen.values()];
}

export interface ClassifiedAppend {
  readonly outcomes: AppendOutcome[];
  /** The events to store, in the order given. */
  readonly fresh: NewEvent[];
  /** eventIds of the duplicates, in the order given. */
  readonly duplicates: string[];
}

/**
 * What an append does with each event, given the ids already stored (by idKey; the stored data when
 * conflicts are detected, else null). A repeated id is compared with the stored event's data, else with
 * its first copy in the batch. The two store implementations share this, so they cannot disagree.
 */
export function classifyAppend(
  events: readonly NewEvent[],
  stored: ReadonlyMap<string, JsonObject | null>,
  detectConflicts: boolean,
): ClassifiedAppend {
  const same = (a: JsonObject | null | undefined, b: JsonObject): boolean =>
    !detectConflicts || canonicalJson(a ?? null) === canonicalJson(b);
  const reference = new Map<string, JsonObject | null>();
  const outcomes: AppendOutcome[] = [];
  const fresh: NewEvent[] = [];
  const duplicates: string[] = [];
  for (const event of events) {
    const key = idKey(event);
    let outcome: AppendOutcome;
    if (reference.has(key)) {
      outcome = same(reference.get(key), event.data) ? 'duplicate' : 'conflict';
    } else if (stored.has(key)) {
      const data = stored.get(key) ?? null;
      reference.set(key, data);
      outcome = same(data, event.data) ? 'duplicate' : 'conflict';
    } else {
      reference.set(key, event.data);
      outcome = 'stored';
      fresh.push(event);
    }
    outcomes.push(outcome);
    if (outcome === 'duplicate') duplicates.push(event.eventId);
  }
  return { outcomes, fresh, duplicates };
}
