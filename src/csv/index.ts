export * from './csv.js';
export * from './write.js';
export * from './columns.js';
