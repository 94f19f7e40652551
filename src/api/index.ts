export * from './schemas.js';
export * from './client.js';
export * from './errors.js';
