export * from './data-map-finding';
export * from './hipaa-data-map';
