import { Module } from '@nestjs/common';
import { DesignationsModule } from '../designations/designations.module';
import { AuditController } from './audit.controller';
import { PointInTimeController } from './point-in-time.controller';

@Module({ imports: [DesignationsModule], controllers: [AuditController, PointInTimeController] })
export class AuditModule {}
