import { StorageRepository } from '@atelier/storage';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { MediaFiles } from './media-files.js';
import { SmallImages } from './small-images.js';

@Global()
@Module({
  providers: [
    { provide: StorageRepository, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new StorageRepository(c.s3) },
    MediaFiles,
    SmallImages,
  ],
  exports: [StorageRepository, MediaFiles, SmallImages],
})
export class StorageModule {}
