import { ConfigModule } from '@atelier/config';
import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { SetupModule } from '../setup/setup.module.js';
import { StorageModule } from '../storage/storage.module.js';

/** What the admin command line boots: the API's own services, without HTTP, sockets or the queue. */
@Module({ imports: [ConfigModule, DatabaseModule, StorageModule, SetupModule] })
export class CliModule {}
