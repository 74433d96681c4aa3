import { Module } from '@nestjs/common';
import { RateLimiter } from '../auth/rate-limiter.js';
import { Clock } from '../common/clock.js';
import { ReadAloudController } from './read-aloud.controller.js';
import { ReadAloudService } from './read-aloud.service.js';
import { SpeechRepository } from './speech.repository.js';
import { UiTextsRepository } from './ui-texts.repository.js';

/** Participant screens read aloud by the server (espeak-ng), cached in storage by language and text. */
@Module({
  controllers: [ReadAloudController],
  providers: [ReadAloudService, SpeechRepository, UiTextsRepository, RateLimiter, Clock],
})
export class ReadAloudModule {}
