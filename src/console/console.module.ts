import { Module } from '@nestjs/common';
import { ConsoleController } from './http/console.controller';

/** GET / and /console/: the web console's build, with its security headers. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
