export * from './hipaa-host-options';
export * from './hipaa-instance';
export * from './hipaa-launch-template';
