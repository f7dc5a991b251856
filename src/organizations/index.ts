export * from './hipaa-service-control-policies';
