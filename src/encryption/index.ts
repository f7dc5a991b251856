export * from './hipaa-key';
export * from './encrypted-bucket';
export * from './encrypted-database';
export * from './encrypted-volume';
export * from './ebs-encryption-by-default';
