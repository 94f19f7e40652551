export * from './csv.js';
export * from './columns.js';
