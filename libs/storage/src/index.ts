export * from './storage.repository.js';
export * from './storage-retry.js';
