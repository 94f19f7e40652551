export * from './contract/schemas.js';
export * from './client.js';
export * from './contract/errors.js';
