export * from './key-rotation-monitor';
