import { pino, type Logger } from 'pino';

export const WORKER_LOGGER = Symbol('WORKER_LOGGER');

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'worker', pid: process.pid } });
}
