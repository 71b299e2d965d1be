import {
  serviceEventId,
  type JsonObject,
  type NewEvent,
  type StoredEvent,
} from '../../event-store/domain/stored-event';
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
    namespace: event.source,
    // Derived by the service from the notification: `$`-prefixed, so no publisher can pre-empt it.
    eventId: serviceEventId(alertEventId(event)),
    streamType: ALERT_STREAM,
    streamId: alertInstanceKey(event),
    type: ALERT_EVENT_RECORDED,
    // Parsed JSON validated against the schema: a JSON object as it stands.
    data: event as unknown as JsonObject,
    metadata,
    occurredAt: new Date(at),
  };
}

/** The namespace of an alert instance's stream: its source (alertInstanceKey is `alert:<source>:…`). */
export function alertStreamNamespace(alertKey: string): string {
  return alertKey.split(':')[1] ?? '';
}

export function isAlertEvent(stored: StoredEvent): boolean {
  return stored.streamType === ALERT_STREAM && stored.type === ALERT_EVENT_RECORDED;
}

export function alertEventOf(stored: Pick<StoredEvent, 'data'>): AlertEvent {
  return stored.data as unknown as AlertEvent;
}
