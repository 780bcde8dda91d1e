import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';
import { REDIS } from '../health/redis.provider';
import { PublicRegisterController } from './public-register.controller';
import { ReadModelsController } from './read-models.controller';
import { READ_MODEL_READER, ReadModelsService } from './read-models.service';

@Module({
  controllers: [ReadModelsController, PublicRegisterController],
  providers: [
    ReadModelsService,
    {
      provide: READ_MODEL_READER,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix)),
    },
  ],
})
export class ReadModelsModule {}
