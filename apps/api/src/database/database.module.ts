import { dataSourceOptions } from '@atelier/database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // `min`: a few connections stay open through quiet spells (pg-pool closes the others after 10 s
      // idle), so the first board ops after a pause do not each wait for a new connection's
      // TCP + SCRAM handshake (tens of ms on a busy machine).
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databaseUrl), extra: { max: 10, min: 4 } }),
    }),
  ],
})
export class DatabaseModule {}
