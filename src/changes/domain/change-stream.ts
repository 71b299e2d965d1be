import type { JsonObject, NewEvent, StoredEvent } from '../../event-store/domain/stored-event';
import type { ChangeEvent } from './change-event';

/**
 * Each change is one stream in the store, owned by its source: a change is identified by (source,
 * changeId), and its events are the change events as published, in the source's namespace.
 */
export const CHANGE_STREAM = 'change';
export const CHANGE_EVENT_RECORDED = 'ChangeEventRecorded';

/** A validated change event and how it reached us (transport, principal, trace). */
export interface AcceptedChangeEvent {
  readonly event: ChangeEvent;
  readonly metadata: JsonObject;
  /**
   * JSON.stringify(event), when the intake has it already (the HTTP batch measures each item with it): the
   * Kafka publisher sends it. The store writes the canonical text its hash encodes instead.
   */
  readonly json?: string | undefined;
}

export function toNewEvent({ event, metadata }: AcceptedChangeEvent): NewEvent {
  return {
    namespace: event.source,
    eventId: event.eventId,
    streamType: CHANGE_STREAM,
    streamId: event.changeId,
    type: CHANGE_EVENT_RECORDED,
    // The event is parsed JSON validated against the schema, so it is a JSON object as it stands.
    data: event as unknown as JsonObject,
    metadata,
    occurredAt: new Date(event.occurredAt),
  };
}

export function isChangeEvent(stored: StoredEvent): boolean {
  return stored.streamType === CHANGE_STREAM && stored.type === CHANGE_EVENT_RECORDED;
}

export function changeEventOf(stored: Pick<StoredEvent, 'data'>): ChangeEvent {
  return stored.data as unknown as ChangeEvent;
}

/** Why an event was refused: its source already used its eventId for other content. */
export function conflictMessage({ namespace, eventId }: { namespace: string; eventId: string }): string {
  return `eventId "${eventId}" is already stored for source "${namespace}" with different content`;
}
