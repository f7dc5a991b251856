export * from './hipaa-host-options';
export * from './hipaa-instance';
