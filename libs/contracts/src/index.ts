export * from './languages.js';
export * from './roles.js';
export * from './errors.js';
export * from './auth.js';
export * from './organisations.js';
export * from './participants.js';
export * from './health.js';
export * from './jobs.js';
