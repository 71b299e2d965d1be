import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller';

/** GET /openapi.json and GET /docs: the API described from the code that serves it. */
@Module({ controllers: [OpenApiController] })
export class OpenApiModule {}
