import { Module } from '@nestjs/common';
import { DesignationsModule } from '../designations/designations.module';
import { AuditController } from './audit.controller';

@Module({ imports: [DesignationsModule], controllers: [AuditController] })
export class AuditModule {}
