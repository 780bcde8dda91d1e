import { Module } from '@nestjs/common';

/** Projections, deadline schedulers and BullMQ processors are registered here as they arrive. */
@Module({})
export class WorkerModule {}
