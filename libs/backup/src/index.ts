export * from './backup.js';
export * from './backup-store.js';
export * from './pg-tools.js';
export * from './backup-runs.js';
