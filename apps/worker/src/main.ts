import 'reflect-metadata';
import { ConfigError, loadConfig } from '@atelier/config';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module.js';

try {
  loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`atelier worker: ${e.message}`);
    process.exit(78);
  }
  throw e;
}

const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
app.enableShutdownHooks();
