export * from './hipaa-service-control-policies';
export * from './log-archive';
export * from './organization-trail';
