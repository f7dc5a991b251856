import { CfnParameter } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

// aws-cdk-lib has no stable Bedrock L2 for these resources: the controls are exercised on L1 resources.
const ROLE = 'arn:aws:iam::123456789012:role/bedrock';
const EMBEDDINGS = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0';
const AOSS = { collectionArn: 'arn:aws:aoss:us-east-1:123456789012:collection/abc', vectorIndexName: 'idx', fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' } };

function keyArn(f: ControlFixture): string {
  return new kms.Key(f.stack, 'Key').keyArn;
}

function managedKnowledgeBase(f: ControlFixture, kmsKeyArn?: string): bedrock.CfnKnowledgeBase {
  return new bedrock.CfnKnowledgeBase(f.stack, 'Kb', {
    name: 'records',
    roleArn: ROLE,
    knowledgeBaseConfiguration: {
      type: 'MANAGED',
      managedKnowledgeBaseConfiguration: { embeddingModelArn: EMBEDDINGS, serverSideEncryptionConfiguration: kmsKeyArn ? { kmsKeyArn } : undefined },
    } as any,
  });
}

function vectorKnowledgeBase(f: ControlFixture): bedrock.CfnKnowledgeBase {
  return new bedrock.CfnKnowledgeBase(f.stack, 'Kb', {
    name: 'records',
    roleArn: ROLE,
    knowledgeBaseConfiguration: { type: 'VECTOR', vectorKnowledgeBaseConfiguration: { embeddingModelArn: EMBEDDINGS } },
    storageConfiguration: { type: 'OPENSEARCH_SERVERLESS', opensearchServerlessConfiguration: AOSS },
  });
}

function dataSource(f: ControlFixture, kmsKeyArn?: string): bedrock.CfnDataSource {
  return new bedrock.CfnDataSource(f.stack, 'Source', {
    name: 'notes',
    knowledgeBaseId: 'KB12345678',
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::clinical-notes' } },
    serverSideEncryptionConfiguration: kmsKeyArn ? { kmsKeyArn } : undefined,
  });
}

describe('Bedrock.CustomerManagedKey', () => {
  test('PASS given an agent with a customer key', () => {
    const f = new ControlFixture();
    new bedrock.CfnAgent(f.stack, 'Agent', { agentName: 'intake', customerEncryptionKeyArn: keyArn(f) });
    expect(f.status('Bedrock.CustomerManagedKey', 'Agent')).toBe('PASS');
  });
  test('PASS given a session, a data source and a managed knowledge base with customer keys', () => {
    const f = new ControlFixture();
    const key = keyArn(f);
    new bedrock.CfnSession(f.stack, 'Session', { encryptionKeyArn: key });
    dataSource(f, key);
    managedKnowledgeBase(f, key);
    expect([f.status('Bedrock.CustomerManagedKey', 'Session'), f.status('Bedrock.CustomerManagedKey', 'Source'),
      f.status('Bedrock.CustomerManagedKey', 'Kb')]).toEqual(['PASS', 'PASS', 'PASS']);
  });
  test('fails when an agent has no key (AWS-owned)', () => {
    const f = new ControlFixture();
    new bedrock.CfnAgent(f.stack, 'Agent', { agentName: 'intake' });
    expect(f.status('Bedrock.CustomerManagedKey', 'Agent')).toBe('FAIL');
    expect(f.message('Bedrock.CustomerManagedKey', 'Agent')).toMatch(/CustomerEncryptionKeyArn is not set, so an AWS-owned key/);
  });
  test('fails when a session has no key', () => {
    const f = new ControlFixture();
    new bedrock.CfnSession(f.stack, 'Session', {});
    expect(f.status('Bedrock.CustomerManagedKey', 'Session')).toBe('FAIL');
    expect(f.message('Bedrock.CustomerManagedKey', 'Session')).toMatch(/EncryptionKeyArn is not set/);
  });
  test('fails when a data source has no key', () => {
    const f = new ControlFixture();
    dataSource(f);
    expect(f.status('Bedrock.CustomerManagedKey', 'Source')).toBe('FAIL');
    expect(f.message('Bedrock.CustomerManagedKey', 'Source')).toMatch(/ServerSideEncryptionConfiguration\.KmsKeyArn is not set/);
  });
  test('fails when a managed knowledge base has no key', () => {
    const f = new ControlFixture();
    managedKnowledgeBase(f);
    expect(f.status('Bedrock.CustomerManagedKey', 'Kb')).toBe('FAIL');
    expect(f.message('Bedrock.CustomerManagedKey', 'Kb')).toMatch(/ManagedKnowledgeBaseConfiguration\.ServerSideEncryptionConfiguration\.KmsKeyArn is not set/);
  });
  test('fails when an agent names an AWS-managed alias', () => {
    const f = new ControlFixture();
    new bedrock.CfnAgent(f.stack, 'Agent', { agentName: 'intake', customerEncryptionKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock' });
    expect(f.status('Bedrock.CustomerManagedKey', 'Agent')).toBe('FAIL');
    expect(f.message('Bedrock.CustomerManagedKey', 'Agent')).toMatch(/AWS-managed key/);
  });
  test('N/A given a knowledge base on a vector store', () => {
    const f = new ControlFixture();
    vectorKnowledgeBase(f);
    expect(f.status('Bedrock.CustomerManagedKey', 'Kb')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new bedrock.CfnAgent(f.stack, 'Agent', { agentName: 'intake', customerEncryptionKeyArn: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('Bedrock.CustomerManagedKey', 'Agent')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the knowledge base configuration from a parameter', () => {
    const f = new ControlFixture();
    vectorKnowledgeBase(f).addPropertyOverride('KnowledgeBaseConfiguration', { 'Fn::If': ['Managed', { Type: 'MANAGED' }, { Type: 'VECTOR' }] });
    expect(f.status('Bedrock.CustomerManagedKey', 'Kb')).toBe('UNVERIFIABLE');
  });
});

describe('Bedrock.ConfigCustomerManagedKey', () => {
  test('PASS given a guardrail, a flow and a prompt with customer keys', () => {
    const f = new ControlFixture();
    const key = keyArn(f);
    new bedrock.CfnGuardrail(f.stack, 'Guardrail', { name: 'phi', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no', kmsKeyArn: key });
    new bedrock.CfnFlow(f.stack, 'Flow', { name: 'triage', executionRoleArn: ROLE, customerEncryptionKeyArn: key });
    new bedrock.CfnPrompt(f.stack, 'Prompt', { name: 'summary', customerEncryptionKeyArn: key });
    expect([f.status('Bedrock.ConfigCustomerManagedKey', 'Guardrail'), f.status('Bedrock.ConfigCustomerManagedKey', 'Flow'),
      f.status('Bedrock.ConfigCustomerManagedKey', 'Prompt')]).toEqual(['PASS', 'PASS', 'PASS']);
  });
  test('fails when a guardrail has no key', () => {
    const f = new ControlFixture();
    new bedrock.CfnGuardrail(f.stack, 'Guardrail', { name: 'phi', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no' });
    expect(f.status('Bedrock.ConfigCustomerManagedKey', 'Guardrail')).toBe('FAIL');
    expect(f.message('Bedrock.ConfigCustomerManagedKey', 'Guardrail')).toMatch(/KmsKeyArn is not set/);
  });
  test('fails when a prompt has no key', () => {
    const f = new ControlFixture();
    new bedrock.CfnPrompt(f.stack, 'Prompt', { name: 'summary' });
    expect(f.status('Bedrock.ConfigCustomerManagedKey', 'Prompt')).toBe('FAIL');
    expect(f.message('Bedrock.ConfigCustomerManagedKey', 'Prompt')).toMatch(/CustomerEncryptionKeyArn is not set/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new bedrock.CfnFlow(f.stack, 'Flow', { name: 'triage', executionRoleArn: ROLE, customerEncryptionKeyArn: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('Bedrock.ConfigCustomerManagedKey', 'Flow')).toBe('UNVERIFIABLE');
  });
});
