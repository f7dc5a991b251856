// Lets integration test apps that run the copyable examples resolve `import ... from 'cdk-hipaa'`
// to this repository's source (the tasks put this folder on NODE_PATH).
export * from '../../../src';
