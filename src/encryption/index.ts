export * from './hipaa-key';
export * from './encrypted-bucket';
