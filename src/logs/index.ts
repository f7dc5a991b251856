export * from './central-log-group';
export * from './phi-masking-mode';
