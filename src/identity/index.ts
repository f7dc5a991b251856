export * from './key-rotation-monitor';
export * from './account-password-policy';
