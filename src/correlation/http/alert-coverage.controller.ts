import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { RequestContract } from '../../common/http/request-contract';
import { ContractValidator } from '../../contracts/contract-validator';
import type { AlertCoverageV1 } from '../../contracts/generated/alert-coverage.v1';
import { DeclareAlertCoverageCommand } from '../commands/declare-alert-coverage/declare-alert-coverage.command';
import { CoverageReader } from '../infrastructure/coverage.reader';

export interface AlertCoverageResponse {
  readonly services: readonly string[];
  readonly source: string | null;
  /** When this inventory was declared; null when none ever was. */
  readonly recordedAt: string | null;
  /** 0 when none was ever declared. */
  readonly version: number;
}

@Controller('v1/alert-coverage')
export class AlertCoverageController {
  private readonly requests = new ContractValidator<AlertCoverageV1>('alert-coverage.v1');

  constructor(
    private readonly commands: CommandBus,
    private readonly reader: CoverageReader,
  ) {}

  /**
   * Replaces the declared inventory of services with alert rules. The ranking also counts every service
   * that alerted in the last 30 days as covered; only covered callers' silence counts against a change.
   */
  @Put()
  @RequestContract('alert-coverage.v1')
  @Roles('admin')
  async declare(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertCoverageResponse> {
    const checked = this.requests.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    await this.commands.execute(
      new DeclareAlertCoverageCommand(checked.value, { receivedVia: 'http', publishedBy: principal.name }),
    );
    return this.get();
  }

  /** The declared inventory in force. */
  @Get()
  @Roles('reviewer')
  async get(): Promise<AlertCoverageResponse> {
    const { declared, recordedAt, version } = await this.reader.declared();
    return {
      services: declared.services,
      source: declared.source ?? null,
      recordedAt: recordedAt?.toISOString() ?? null,
      version,
    };
  }
}
