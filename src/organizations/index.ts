export * from './hipaa-service-control-policies';
export * from './log-archive';
export * from './account-baseline-stack';
export * from './account-baseline-stack-set';
export * from './organization-trail';
export * from './audit-account';
export * from './organization-delegated-admins';
