import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { DescribeResponse } from '../../common/http/request-contract';
import {
  CheckReadModelsCommand,
  type ReadModelCheckReport,
} from '../commands/check-read-models/check-read-models.command';

const REPORT_SCHEMA = {
  type: 'object',
  required: ['ok', 'checkedAt', 'sample', 'models', 'mismatches'],
  properties: {
    ok: { type: 'boolean' },
    checkedAt: { type: 'string', format: 'date-time' },
    sample: { type: 'integer' },
    models: { type: 'array', items: { type: 'string' } },
    mismatches: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'stream', 'problem'],
        properties: { model: { type: 'string' }, stream: { type: 'string' }, problem: { type: 'string' } },
      },
    },
  },
};

@Controller('v1/projections')
export class ReadModelsController {
  constructor(private readonly commands: CommandBus) {}

  /** Compares each read model with a fold of its streams now; a mismatch is a 200 with ok false. */
  @Post('check')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @DescribeResponse({
    status: 200,
    description: 'The check ran: `ok` false names each row that differs from its stream.',
    schema: REPORT_SCHEMA,
  })
  check(): Promise<ReadModelCheckReport> {
    return this.commands.execute(new CheckReadModelsCommand());
  }
}
