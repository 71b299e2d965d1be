import type { JsonObject, NewEvent, StoredEvent } from '../../event-store/domain/stored-event';
import type { ChangeEvent } from './change-event';

/** Each change is one stream in the store; its events are the change events as published. */
export const CHANGE_STREAM = 'change';
export const CHANGE_EVENT_RECORDED = 'ChangeEventRecorded';

/** A validated change event and how it reached us (transport, principal, trace). */
export interface AcceptedChangeEvent {
  readonly event: ChangeEvent;
  readonly metadata: JsonObject;
}

export function toNewEvent({ event, metadata }: AcceptedChangeEvent): NewEvent {
  return {
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

export function changeEventOf(stored: StoredEvent): ChangeEvent {
  return stored.data as unknown as ChangeEvent;
}
