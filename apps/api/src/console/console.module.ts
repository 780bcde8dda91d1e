import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '../health/redis.provider';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DesignationsModule } from '../designations/designations.module';
import { AuditModule } from '../audit/audit.module';
import { ConsoleAssetsController } from './assets.controller';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleGuard } from './console.guard';
import { CONSOLE_OIDC, CONSOLE_SESSIONS, PAGE_ERRORS } from './console.tokens';
import { OidcSignIn } from './oidc-sign-in';
import { Pages } from './pages';
import { RegisterPagesController } from './register.controller';
import { DesignationPagesController } from './designation-pages.controller';
import { ProposePagesController } from './propose.controller';
import { CommandPagesController } from './command-pages.controller';
import { ApprovalsController } from './approvals.controller';
import { ReviewsPagesController } from './reviews-pages.controller';
import { CourtPagesController } from './court-pages.controller';
import { BundleCopies } from './bundle-copies';
import { ListsModule } from '../lists/lists.module';
import { ConsoleSessions } from './sessions';
import { SignInController } from './sign-in.controller';
import { ConsoleViews } from './views';
import { EvidenceReads } from './evidence-access';

/**
 * The console: server-rendered pages for officials, senior officials, ministries and courts, and
 * the public register's pages. It calls the same application layer as the JSON API (Designations,
 * the read models), so the same rules, four eyes, events and actors apply whichever door is used.
 */
@Module({
  imports: [ReadModelsModule, DesignationsModule, ListsModule, AuditModule],
  controllers: [ConsoleAssetsController, SignInController, RegisterPagesController, DesignationPagesController, ProposePagesController, CommandPagesController, ApprovalsController, ReviewsPagesController, CourtPagesController],
  providers: [
    ConsoleViews,
    Pages,
    EvidenceReads,
    ConsoleGuard,
    ConsoleErrorFilter,
    { provide: PAGE_ERRORS, useExisting: ConsoleErrorFilter },
    {
      provide: CONSOLE_SESSIONS,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => new ConsoleSessions(redis, config.redisKeyPrefix, config.console.sessionIdleMinutes, config.console.sessionMaxHours),
    },
    {
      provide: BundleCopies,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => new BundleCopies(redis, config.redisKeyPrefix, config.console.sessionIdleMinutes * 60),
    },
    { provide: CONSOLE_OIDC, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.console.oidc ? new OidcSignIn(config.console.oidc) : null) },
  ],
  exports: [PAGE_ERRORS],
})
export class ConsoleModule {}
