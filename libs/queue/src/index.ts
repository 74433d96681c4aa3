export * from './jobs.repository.js';
