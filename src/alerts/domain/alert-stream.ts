import type { JsonObject, NewEvent, StoredEvent } from '../../event-store/domain/stored-event';
import { alertEventId, alertInstanceKey, type AlertEvent } from './alert-event';

/** Each alert instance (source, fingerprint, startsAt) is one stream; its events are the notifications. */
export const ALERT_STREAM = 'alert';
export const ALERT_EVENT_RECORDED = 'AlertEventRecorded';

/** A validated alert event and how it reached us (transport, principal). */
export interface AcceptedAlertEvent {
  readonly event: AlertEvent;
  readonly metadata: JsonObject;
}

export function toNewAlertEvent({ event, metadata }: AcceptedAlertEvent): NewEvent {
  const at = event.status === 'resolved' && event.endsAt !== undefined ? event.endsAt : event.startsAt;
  return {
    eventId: alertEventId(event),
    streamType: ALERT_STREAM,
    streamId: alertInstanceKey(event),
    type: ALERT_EVENT_RECORDED,
    // Parsed JSON validated against the schema: a JSON object as it stands.
    data: event as unknown as JsonObject,
    metadata,
    occurredAt: new Date(at),
  };
}

export function isAlertEvent(stored: StoredEvent): boolean {
  return stored.streamType === ALERT_STREAM && stored.type === ALERT_EVENT_RECORDED;
}

export function alertEventOf(stored: StoredEvent): AlertEvent {
  return stored.data as unknown as AlertEvent;
}
