import { Command } from '@nestjs/cqrs';

/** Sign out: the session with this token ends now, on every instance (it is deleted from the table). */
export class EndSessionCommand extends Command<void> {
  constructor(readonly token: string) {
    super();
  }
}
