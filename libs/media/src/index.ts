export * from './probe.js';
export * from './ladder.js';
export * from './transcode-plan.js';
export * from './progress.js';
export * from './media.repository.js';
