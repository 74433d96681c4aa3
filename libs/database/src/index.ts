export * from './data-source.js';
export * from './entities/organisation.entity.js';
export * from './entities/user.entity.js';
export * from './entities/membership.entity.js';
export * from './entities/session.entity.js';
export * from './entities/join-code.entity.js';
export * from './entities/invitation.entity.js';
export * from './sql.js';
