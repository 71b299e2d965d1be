import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ApiKeyRing, generateAdminKey } from './api-keys';
import { API_KEY_RING, ApiKeyGuard } from './api-key.guard';

@Global()
@Module({
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
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [API_KEY_RING],
})
export class AuthModule {}
