import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** Ids are UUIDs; anything else cannot name a row, so it is "not found" rather than a crash. */
export const ID = new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('This item') });
