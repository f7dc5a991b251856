export * from './template';
export * from './template-index';
export * from './parse';
export * from './load';
export * from './evaluate';
export * from './resolve';
export * from './acknowledgements';
export * from './mappings';
