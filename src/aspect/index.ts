export * from './findings';
export * from './hipaa-aspect';
