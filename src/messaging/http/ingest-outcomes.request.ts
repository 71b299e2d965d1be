import { IsString, Matches, MaxLength } from 'class-validator';

/** GET /v1/change-events/outcomes query string: the event's address (its source's namespace and id). */
export class IngestOutcomesRequest {
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: 'source must be a change-event.v1 source' })
  source!: string;

  @IsString()
  @MaxLength(128)
  eventId!: string;
}
