import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/app-config';
import { ApiKeyRing } from '../../api-keys';
import { API_KEY_RING } from '../../api-key-ring.token';
import {
  csrfTokenOf,
  newSessionToken,
  sessionKeyBinding,
  sessionTokenHash,
} from '../../domain/session-token';
import { SessionStore } from '../../infrastructure/session-store';
import { StartSessionCommand, type OpenedSession } from './start-session.command';

const MINUTE_MS = 60_000;

@CommandHandler(StartSessionCommand)
export class StartSessionHandler implements ICommandHandler<StartSessionCommand, OpenedSession | undefined> {
  constructor(
    private readonly sessions: SessionStore,
    @Inject(API_KEY_RING) private readonly keys: ApiKeyRing,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ apiKey, now }: StartSessionCommand): Promise<OpenedSession | undefined> {
    const key = this.keys.find(apiKey);
    if (key === undefined) return undefined;
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlMinutes * MINUTE_MS);
    await this.sessions.open(
      sessionTokenHash(token),
      key.principal.name,
      sessionKeyBinding(token, key.digest),
      now,
      expiresAt,
    );
    return { token, principal: key.principal, csrfToken: csrfTokenOf(token), expiresAt };
  }
}
