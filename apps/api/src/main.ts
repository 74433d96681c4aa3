import 'reflect-metadata';
import { ConfigError, loadConfig, redact } from '@atelier/config';
import { dataSourceOptions, runMigrations } from '@atelier/database';
import { StorageRepository } from '@atelier/storage';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { jsonBody } from './common/body-parsing.js';
import { securityHeaders } from './common/security-headers.js';
import { validationPipe } from './common/validation.js';
import { measureRequests } from './health/metrics.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { FirstRunService } from './setup/first-run.service.js';
import { webClient } from './web-client.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`atelier api: ${e.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }

  // Schema first (under an advisory lock, so several API nodes can start together), then the bucket.
  const migrator = new DataSource(dataSourceOptions(config.databaseUrl));
  await migrator.initialize();
  const applied = await runMigrations(migrator);
  await migrator.destroy();
  await new StorageRepository(config.s3).ensureBucket();

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.set('trust proxy', config.trustProxy);
  app.enableShutdownHooks();
  const realtime = new RealtimeIoAdapter(app, config);
  await realtime.connect();
  app.useWebSocketAdapter(realtime);
  app.use(securityHeaders(config.publicUrl));
  app.use(cookieParser());
  app.use(measureRequests);
  app.use(...jsonBody(config.bodyLimitKb));
  app.useGlobalPipes(validationPipe());
  if (config.webDist) app.use(...webClient(config.webDist));

  const docs = new DocumentBuilder()
    .setTitle('Atelier API')
    .setDescription('Co-creation workshops, attendance, live boards and community video courses.')
    .setVersion('0.1.0')
    .addCookieAuth('atelier_session')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, docs), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  await app.listen(config.port, config.host);
  logger.log(
    `Atelier API listening on ${config.host}:${config.port} — database ${redact(config.databaseUrl)}, storage ${config.s3.endPoint}:${config.s3.port}/${config.s3.bucket}` +
      (applied.length > 0 ? `, migrations applied: ${applied.join(', ')}` : ''),
  );
  // First run: no organisation yet → a one-time setup link (a new one at each start until one is used).
  const setupLink = await app.get(FirstRunService).issueSetupLink();
  if (setupLink) {
    logger.log(
      `No organisation yet. To create the first one and its admin, open this one-time setup link: ${setupLink}`,
    );
    console.log(`\n  Atelier first run — open this one-time link to create the first organisation:\n  ${setupLink}\n`);
  }
}

await bootstrap();
