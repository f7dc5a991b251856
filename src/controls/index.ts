export * from './severity';
export * from './hipaa-controls';
