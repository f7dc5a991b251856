export * from './encrypted-volume';
export * from './ebs-encryption-by-default';
