export * from './hipaa-data-map';
