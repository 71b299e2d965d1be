import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sessionTokenHash } from '../../domain/session-token';
import { SessionStore } from '../../infrastructure/session-store';
import { EndSessionCommand } from './end-session.command';

@CommandHandler(EndSessionCommand)
export class EndSessionHandler implements ICommandHandler<EndSessionCommand, void> {
  constructor(private readonly sessions: SessionStore) {}

  async execute({ token }: EndSessionCommand): Promise<void> {
    await this.sessions.end(sessionTokenHash(token));
  }
}
