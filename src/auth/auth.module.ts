import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ApiKeyRing, generateAdminKey } from './api-keys';
import { ApiKeyGuard } from './api-key.guard';
import { API_KEY_RING } from './api-key-ring.token';
import { EndSessionHandler } from './commands/end-session/end-session.handler';
import { StartSessionHandler } from './commands/start-session/start-session.handler';
import { SessionController } from './http/session.controller';
import { SessionStore } from './infrastructure/session-store';
import { WhoAmIHandler } from './queries/who-am-i/who-am-i.handler';
import { SessionAuthenticator } from './session-authenticator';

@Global()
@Module({
  controllers: [SessionController],
  providers: [
    {
      provide: API_KEY_RING,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ApiKeyRing => {
        if (config.apiKeys !== undefined) return new ApiKeyRing(config.apiKeys);
        // Never run open: without API_KEYS, mint one admin key and show it once.
        const generated = generateAdminKey();
        const banner = '='.repeat(78);
        new Logger('Auth').warn(
          `\n${banner}\nAPI_KEYS is not set: generated ONE admin key for this run only. It is shown once:\n\n` +
            `    ${generated.key}\n\nSet API_KEYS to a JSON array of {name, key, roles, sources?, breakGlassRoles?} before any real use.\n${banner}`,
        );
        return new ApiKeyRing([generated]);
      },
    },
    SessionStore,
    SessionAuthenticator,
    StartSessionHandler,
    EndSessionHandler,
    WhoAmIHandler,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [API_KEY_RING, SessionAuthenticator],
})
export class AuthModule {}
