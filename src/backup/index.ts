export {};
export * from './hipaa-backup-plan';
