import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../api-keys';

/** A session just opened: its token goes in the cookie, and only there. */
export interface OpenedSession {
  readonly token: string;
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Sign in to the console: exchange an API key for a session. Undefined when the key is not configured. */
export class StartSessionCommand extends Command<OpenedSession | undefined> {
  constructor(
    readonly apiKey: string,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}
