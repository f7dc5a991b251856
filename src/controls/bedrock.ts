import { Control, notApplicable, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { dig, isIntrinsic } from './values';

/*
 * What CloudFormation exposes of Amazon Bedrock's protections is the customer-managed key of each
 * resource that stores content. Model invocation logging (the prompts and completions of every
 * model call, to S3 or CloudWatch Logs) is an account-and-region setting made with
 * PutModelInvocationLoggingConfiguration: no CloudFormation resource or property carries it, so
 * no control can judge it from a template.
 */

const AGENT = 'AWS::Bedrock::Agent';
const SESSION = 'AWS::Bedrock::Session';
const KNOWLEDGE_BASE = 'AWS::Bedrock::KnowledgeBase';
const DATA_SOURCE = 'AWS::Bedrock::DataSource';
const GUARDRAIL = 'AWS::Bedrock::Guardrail';
const FLOW = 'AWS::Bedrock::Flow';
const PROMPT = 'AWS::Bedrock::Prompt';

const MANAGED_KNOWLEDGE_BASE = ['KnowledgeBaseConfiguration', 'ManagedKnowledgeBaseConfiguration'];

/** Where each Bedrock type names its KMS key. */
const KEY_PATHS: { readonly [type: string]: Array<string | number> } = {
  [AGENT]: ['CustomerEncryptionKeyArn'],
  [SESSION]: ['EncryptionKeyArn'],
  [KNOWLEDGE_BASE]: [...MANAGED_KNOWLEDGE_BASE, 'ServerSideEncryptionConfiguration', 'KmsKeyArn'],
  [DATA_SOURCE]: ['ServerSideEncryptionConfiguration', 'KmsKeyArn'],
  [GUARDRAIL]: ['KmsKeyArn'],
  [FLOW]: ['CustomerEncryptionKeyArn'],
  [PROMPT]: ['CustomerEncryptionKeyArn'],
};

/**
 * Bedrock.CustomerManagedKey: Bedrock resources that hold PHI (agents and their memory, sessions'
 * conversation state, managed knowledge bases, data sources' ingestion data) are encrypted with a customer-managed key.
 * A knowledge base on a vector store (OpenSearch Serverless, Aurora, ...), Kendra or SQL keeps its data in
 * that store, whose own controls judge its key.
 * - given an Agent's CustomerEncryptionKeyArn, a Session's EncryptionKeyArn, a managed KnowledgeBase's or a DataSource's
 *   ServerSideEncryptionConfiguration.KmsKeyArn referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given the key absent (Bedrock then uses an AWS-owned key) or an alias/aws/ key, then FAIL
 * - given a knowledge base that is not a managed one, then N/A
 * - given a key from a parameter, or the knowledge base configuration behind a condition, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'Bedrock.CustomerManagedKey',
  title: 'Bedrock agent, session, knowledge base or data source is encrypted with a customer-managed KMS key',
  resourceTypes: [AGENT, SESSION, KNOWLEDGE_BASE, DATA_SOURCE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Conversations, agent memory and ingested documents are PHI when patients or clinicians use them; only a customer-managed key lets you restrict and audit who may decrypt them.',
  fix: 'Set the resource\'s key (customerEncryptionKeyArn, encryptionKeyArn or serverSideEncryptionConfiguration.kmsKeyArn) to a HipaaKey\'s ARN.',
  check: (r, index) => {
    if (r.type === KNOWLEDGE_BASE) {
      const managed = dig(r.properties, ...MANAGED_KNOWLEDGE_BASE);
      if (isIntrinsic(managed) || isIntrinsic(r.properties.KnowledgeBaseConfiguration)) {
        return unverifiable('KnowledgeBaseConfiguration cannot be resolved at synth.');
      }
      if (managed === undefined) return notApplicable();
    }
    return customerKeyVerdict(r, index, KEY_PATHS[r.type], 'an AWS-owned key');
  },
};

/**
 * Bedrock.ConfigCustomerManagedKey: guardrails, flows and prompts, whose definitions can carry sensitive
 * text (denied topics and words, prompt templates and examples), are encrypted with a customer-managed key.
 * - given KmsKeyArn (Guardrail) or CustomerEncryptionKeyArn (Flow, Prompt) referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given the key absent (an AWS-owned key), then FAIL (warning)
 * - given a key from a parameter, then UNVERIFIABLE
 */
const configCustomerManagedKey: Control = {
  id: 'Bedrock.ConfigCustomerManagedKey',
  title: 'Bedrock guardrail, flow or prompt is encrypted with a customer-managed KMS key',
  resourceTypes: [GUARDRAIL, FLOW, PROMPT],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Prompt templates, flow definitions and guardrail word lists can contain examples taken from patient data; a customer-managed key keeps who may read them under your control.',
  fix: 'Set kmsKeyArn (guardrail) or customerEncryptionKeyArn (flow, prompt) to a HipaaKey\'s ARN.',
  check: (r, index) => customerKeyVerdict(r, index, KEY_PATHS[r.type], 'an AWS-owned key'),
};

export const BEDROCK_CONTROLS: readonly Control[] = [
  customerManagedKey,
  configCustomerManagedKey,
];
