import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { WorkerModule } from '../../../apps/worker/src/worker.module';

/** The real worker (projections, scheduler, reconciler, processors) in this process. */
export async function startWorker(env: Record<string, string>): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(loadConfig(env, { requireAuth: false })), { logger: false });
  await worker.init();
  return worker;
}
