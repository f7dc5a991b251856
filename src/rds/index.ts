export * from './encrypted-database';
