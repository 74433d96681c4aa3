import { ErrorCode, SUBTITLE_MAX_BYTES } from '@atelier/contracts';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuthModule } from '../auth/auth.module.js';
import { CatalogueController } from './catalogue.controller.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';
import { ConsentController } from './consent.controller.js';
import { ConsentService } from './consent.service.js';
import { DocumentaryMailer } from './documentary-mailer.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { PublishingService } from './publishing.service.js';

const subtitleText = express.text({ type: () => true, limit: SUBTITLE_MAX_BYTES });

/** Subtitle files arrive as text bodies (any content type), up to 1 MB, with a clear error beyond. */
function subtitleBody(req: Request, res: Response, next: NextFunction): void {
  subtitleText(req, res, (err?: unknown) => {
    if (!err) return next();
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({
        code: ErrorCode.FileTooLarge,
        message: `A subtitle file may be at most ${SUBTITLE_MAX_BYTES / 1024} kB.`,
        details: { maxBytes: SUBTITLE_MAX_BYTES },
      });
      return;
    }
    res.status(400).json({
      code: ErrorCode.SubtitleMalformed,
      message: 'The subtitle file must be UTF-8 text (WebVTT or SRT).',
      details: { line: 1 },
    });
  });
}

/** Documentaries, credits, consent, subtitles, and the public catalogue with its watch pages. */
@Module({
  imports: [AuthModule],
  controllers: [PublishingController, ConsentController, CatalogueController],
  providers: [
    PublishingService,
    ConsentService,
    CatalogueService,
    PublishingRepository,
    CatalogueRepository,
    DocumentaryMailer,
  ],
})
export class PublishingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(subtitleBody)
      .forRoutes({ path: 'api/publishing/projects/:projectId/subtitles/:language', method: RequestMethod.PUT });
  }
}
