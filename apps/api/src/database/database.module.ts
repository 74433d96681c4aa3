import { dataSourceOptions, resilientClient } from '@atelier/database';
import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // `min`: a few connections stay open through quiet spells (pg-pool closes the others after 10 s
      // idle), so the first board ops after a pause do not each wait for a new connection's
      // TCP + SCRAM handshake (tens of ms on a busy machine).
      // `Client`: pg-pool hears errors only on idle clients; one held through a request (or the
      // board's hot path) that loses its server would otherwise throw and end the API.
      useFactory: (config: AppConfig) => {
        const log = new Logger('Database');
        const Client = resilientClient((e) => log.warn(`PostgreSQL connection lost: ${e.message}`));
        return { ...dataSourceOptions(config.databaseUrl), extra: { max: 10, min: 4, Client } };
      },
    }),
  ],
})
export class DatabaseModule {}
