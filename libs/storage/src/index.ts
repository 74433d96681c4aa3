export * from './storage.repository.js';
