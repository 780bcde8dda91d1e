import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Liveness: the process answers. Readiness (event store, Redis) arrives with the admin API. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
