import { Command } from '@nestjs/cqrs';

export interface RebuildResult {
  /** Change events folded (ChangeEventRecorded; the other events of change streams are not the timeline's). */
  readonly events: number;
  readonly changes: number;
  readonly millis: number;
}

/** Drop the change timeline and fold it again from the event store. */
export class RebuildChangeTimelineCommand extends Command<RebuildResult> {
  constructor(readonly onProgress?: (eventsDone: number) => void) {
    super();
  }
}
