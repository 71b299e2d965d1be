import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** The process is up. */
  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL answers and every migration has run. */
  @Get('ready')
  @Public()
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    try {
      await this.dataSource.query('SELECT 1');
      checks['postgres'] = 'ok';
      checks['migrations'] = (await this.dataSource.showMigrations()) ? 'pending' : 'ok';
    } catch (error) {
      checks['postgres'] = `down: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (Object.values(checks).some((v) => v !== 'ok')) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: 'ok', checks };
  }
}
