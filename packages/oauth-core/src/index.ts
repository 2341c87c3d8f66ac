export * from './types.js';
export * from './ports.js';
export * from './errors.js';
export * from './vault/index.js';
export * from './policy/index.js';
export * from './templates/index.js';
export * from './protocol/index.js';
export * from './coordinator/index.js';
