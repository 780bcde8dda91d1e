import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app.config';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp(config, undefined, { swaggerUi: true });
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
}

void bootstrap();
