export * from './hipaa-key';
export * from './encrypted-bucket';
export * from './encrypted-volume';
export * from './encrypted-database';
export * from './ebs-encryption-by-default';
