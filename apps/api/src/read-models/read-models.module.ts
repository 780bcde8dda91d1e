import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';
import { REDIS } from '../health/redis.provider';
import { DesignationsModule } from '../designations/designations.module';
import { PublicRegisterController } from './public-register.controller';
import { ReviewsController } from './reviews.controller';
import { ReadModelsController } from './read-models.controller';
import { READ_MODEL_READER, ReadModelsService } from './read-models.service';

@Module({
  imports: [DesignationsModule],
  controllers: [ReadModelsController, PublicRegisterController, ReviewsController],
  providers: [
    ReadModelsService,
    {
      provide: READ_MODEL_READER,
      inject: [REDIS, APP_CONFIG, EVENT_STORE],
      useFactory: (redis: Redis, config: AppConfig, store: EventStore) => new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix), () => store.logId()),
    },
  ],
  exports: [ReadModelsService],
})
export class ReadModelsModule {}
