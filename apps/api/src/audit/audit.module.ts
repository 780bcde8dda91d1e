import { Module } from '@nestjs/common';
import { DesignationsModule } from '../designations/designations.module';
import { AuditController } from './audit.controller';
import { BundleSigning } from './bundle-signing';
import { PointInTimeController } from './point-in-time.controller';

/** Court bundles and the designation as in force on a date; BundleSigning is exported so that the console signs bundles as the API does. */
@Module({ imports: [DesignationsModule], controllers: [AuditController, PointInTimeController], providers: [BundleSigning], exports: [BundleSigning] })
export class AuditModule {}
