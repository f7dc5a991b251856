export * from './encryption';
export * from './backup';
export * from './logging';
export * from './audit';
export * from './identity';
export * from './compute';
export * from './controls';
export * from './aspect';
