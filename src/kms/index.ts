export * from './hipaa-key';
