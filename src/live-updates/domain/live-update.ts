import type { StoredEvent } from '../../event-store/domain/stored-event';
import { ALERT_EVENT_RECORDED, alertEventOf, isAlertEvent } from '../../alerts/domain/alert-stream';
import { CHANGE_EVENT_RECORDED, changeEventOf, isChangeEvent } from '../../changes/domain/change-stream';
import {
  FREEZE_WINDOW_EVENT_TYPES,
  FREEZE_WINDOW_STREAM,
  type FreezeWindowEventType,
} from '../../freeze/domain/freeze-window-stream';

type WindowChange = 'declared' | 'amended' | 'lifted' | 'cancelled';

/** What GET /v1/stream sends, one Server-Sent Event per stored event the console shows. */
export type LiveUpdate =
  | {
      readonly event: 'change';
      readonly data: {
        readonly source: string;
        readonly changeId: string;
        readonly service: string | null;
        readonly environment: string;
        readonly phase: string;
        readonly occurredAt: string;
      };
    }
  | {
      readonly event: 'alert';
      readonly data: {
        readonly id: string;
        readonly service: string | null;
        readonly status: string;
        readonly startsAt: string;
      };
    }
  | {
      readonly event: 'freeze-window';
      readonly data: { readonly id: string; readonly change: WindowChange };
    };

/** The event types the stream follows (the store filters on them). */
export const LIVE_EVENT_TYPES: readonly string[] = [
  CHANGE_EVENT_RECORDED,
  ALERT_EVENT_RECORDED,
  ...FREEZE_WINDOW_EVENT_TYPES,
];

const WINDOW_CHANGE: Readonly<Record<FreezeWindowEventType, WindowChange>> = {
  FreezeWindowDeclared: 'declared',
  FreezeWindowAmended: 'amended',
  FreezeWindowLifted: 'lifted',
  FreezeWindowCancelled: 'cancelled',
};

/** The update a stored event makes, or undefined for events the console is not told of. */
export function liveUpdateOf(stored: StoredEvent): LiveUpdate | undefined {
  if (isChangeEvent(stored)) {
    const event = changeEventOf(stored);
    return {
      event: 'change',
      data: {
        source: event.source,
        changeId: event.changeId,
        service: event.service ?? null,
        environment: event.environment,
        phase: event.phase,
        occurredAt: event.occurredAt,
      },
    };
  }
  if (isAlertEvent(stored)) {
    const alert = alertEventOf(stored);
    return {
      event: 'alert',
      data: {
        id: stored.streamId,
        service: alert.service ?? null,
        status: alert.status,
        startsAt: alert.startsAt,
      },
    };
  }
  if (stored.streamType === FREEZE_WINDOW_STREAM && stored.type in WINDOW_CHANGE) {
    return {
      event: 'freeze-window',
      data: { id: stored.streamId, change: WINDOW_CHANGE[stored.type as FreezeWindowEventType] },
    };
  }
  return undefined;
}

/**
 * One Server-Sent Event: its id is the store position (a reconnecting EventSource sends it back as
 * Last-Event-ID, and the stream resumes after it); data is one line of JSON.
 */
export function serverSentEvent(position: bigint, update: LiveUpdate): string {
  return `id: ${position}\nevent: ${update.event}\ndata: ${JSON.stringify(update.data)}\n\n`;
}
