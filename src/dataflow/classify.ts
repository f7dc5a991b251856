import { ClassificationSource, DataClass, PhiRole, ResourceClassification } from './model';
import { RenderedResource } from '../controls/control';
import { isClusterMember } from '../controls/rds-kinds';
import { PathMetadata } from '../engine/template';
import { DATA_CLASSIFICATION_METADATA } from '../policy/data-classification';

/**
 * What each CloudFormation type does with PHI.
 *
 * - store: keeps data at rest, so it needs a key, a backup and a retention decision. Queues and
 *   streams are stores: they keep messages for days (SQS up to 14, Kinesis up to 365), and flows
 *   pass through them too. Secrets are stores (credentials to PHI), log groups are stores (logs
 *   carry what applications print), backup vaults hold copies of every store.
 * - processor: runs code that reads and writes PHI in memory and on its disks.
 * - pipe: carries PHI without keeping it (SNS keeps nothing once delivered; Firehose buffers briefly;
 *   EventBridge, load balancers and APIs pass it on). A log subscription filter is not a node: it is
 *   the flow from its log group to its destination.
 * - anything else (keys, roles, networks, alarms, rules of AWS Config...) is outside PHI scope: it
 *   controls or evidences access to PHI but holds none, and appears in the map only as an end of a flow.
 */
export const PHI_ROLES: { readonly [type: string]: PhiRole } = {
  'AWS::S3::Bucket': 'store',
  'AWS::RDS::DBInstance': 'store',
  'AWS::RDS::DBCluster': 'store',
  'AWS::DynamoDB::Table': 'store',
  'AWS::DynamoDB::GlobalTable': 'store',
  'AWS::EFS::FileSystem': 'store',
  'AWS::EC2::Volume': 'store',
  'AWS::DocDB::DBCluster': 'store',
  'AWS::Neptune::DBCluster': 'store',
  'AWS::ElastiCache::CacheCluster': 'store',
  'AWS::ElastiCache::ReplicationGroup': 'store',
  'AWS::ElastiCache::ServerlessCache': 'store',
  'AWS::DAX::Cluster': 'store',
  'AWS::OpenSearchService::Domain': 'store',
  'AWS::Elasticsearch::Domain': 'store',
  'AWS::Redshift::Cluster': 'store',
  'AWS::Timestream::Database': 'store',
  'AWS::QLDB::Ledger': 'store',
  'AWS::Kinesis::Stream': 'store',
  'AWS::SQS::Queue': 'store',
  'AWS::SecretsManager::Secret': 'store',
  'AWS::Logs::LogGroup': 'store',
  'AWS::Backup::BackupVault': 'store',
  'AWS::ECR::Repository': 'store',
  'AWS::Lambda::Function': 'processor',
  'AWS::Serverless::Function': 'processor',
  'AWS::Serverless::Application': 'processor',
  'AWS::EC2::Instance': 'processor',
  'AWS::AutoScaling::AutoScalingGroup': 'processor',
  'AWS::ECS::Service': 'processor',
  'AWS::ECS::TaskDefinition': 'processor',
  'AWS::EKS::Cluster': 'processor',
  'AWS::EKS::Nodegroup': 'processor',
  'AWS::Glue::Job': 'processor',
  'AWS::StepFunctions::StateMachine': 'processor',
  'AWS::Batch::JobDefinition': 'processor',
  'AWS::EMR::Cluster': 'processor',
  'AWS::SageMaker::NotebookInstance': 'processor',
  'AWS::SageMaker::Endpoint': 'processor',
  'AWS::ElasticBeanstalk::Environment': 'processor',
  'AWS::CodeBuild::Project': 'processor',
  'AWS::SNS::Topic': 'pipe',
  'AWS::KinesisFirehose::DeliveryStream': 'pipe',
  'AWS::Events::Rule': 'pipe',
  'AWS::Events::EventBus': 'pipe',
  'AWS::Pipes::Pipe': 'pipe',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'pipe',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'pipe',
  'AWS::ApiGateway::RestApi': 'pipe',
  'AWS::ApiGatewayV2::Api': 'pipe',
  'AWS::AppSync::GraphQLApi': 'pipe',
  'AWS::CloudFront::Distribution': 'pipe',
  'AWS::Transfer::Server': 'pipe',
  'AWS::MSK::Cluster': 'pipe',
  'AWS::AmazonMQ::Broker': 'pipe',
};

/**
 * The library's constructs whose stores hold PHI unless classified otherwise: EncryptedBucket
 * (src/s3), EncryptedDatabase (src/rds), EncryptedVolume (src/ec2), CentralLogGroup (src/logs) and
 * HipaaBackupPlan's vault (src/backup). They carry no resource metadata of their own; they are
 * recognized by their construct (jsii fqn `cdk-hipaa.<Name>` in a cloud assembly's tree.json, the
 * class in a CDK app).
 */
export const LIBRARY_STORE_CONSTRUCTS: readonly string[] = ['EncryptedBucket', 'EncryptedDatabase', 'EncryptedVolume', 'CentralLogGroup', 'HipaaBackupPlan'];

/** The resource metadata key a plain template classifies a resource with: `Metadata: { cdk_hipaa: { dataClassification, reason } }`. */
export const TEMPLATE_METADATA_KEY = 'cdk_hipaa';
/** The field of {@link TEMPLATE_METADATA_KEY} that holds `PHI` or `NO_PHI`. */
export const TEMPLATE_CLASSIFICATION_FIELD = 'dataClassification';

/** The role of a resource, or undefined when its type is outside PHI scope. A DB instance of a cluster is its cluster's storage. */
export function roleOf(r: RenderedResource): PhiRole | undefined {
  if (isClusterMember(r)) return undefined;
  return PHI_ROLES[r.type];
}

/**
 * Classifies resources: the resource's own template metadata, else the nearest construct
 * classification (HipaaData.classify), else the library's default for its stores, else unclassified.
 */
export class Classifier {
  private readonly byPath = new Map<string, { classification: string; reason: string }>();

  constructor(metadata: readonly PathMetadata[] = [], private readonly libraryStores: readonly string[] = []) {
    for (const m of metadata) {
      if (m.type !== DATA_CLASSIFICATION_METADATA || m.data === null || typeof m.data !== 'object') continue;
      const data = m.data as { classification?: unknown; reason?: unknown };
      if (typeof data.classification === 'string' && !this.byPath.has(m.path)) {
        this.byPath.set(m.path, { classification: data.classification, reason: String(data.reason ?? '') });
      }
    }
  }

  /** The classification of a resource whose type has a role; `metadata` is the resource's template `Metadata`. */
  public classify(r: RenderedResource, role: PhiRole, constructPath: string | undefined, metadata: unknown): ResourceClassification {
    const own = (metadata as any)?.[TEMPLATE_METADATA_KEY]?.[TEMPLATE_CLASSIFICATION_FIELD];
    if (own === 'PHI' || own === 'NO_PHI') {
      return this.result(role, own, 'template', String((metadata as any)[TEMPLATE_METADATA_KEY].reason ?? ''), r.logicalId);
    }
    if (constructPath !== undefined) {
      const parts = constructPath.split('/');
      for (let i = parts.length; i > 0; i--) {
        const p = parts.slice(0, i).join('/');
        const found = this.byPath.get(p);
        if (found && (found.classification === 'PHI' || found.classification === 'NO_PHI')) {
          return this.result(role, found.classification, 'construct', found.reason, p);
        }
      }
      if (role === 'store') {
        const library = this.libraryStores.find((s) => constructPath.startsWith(s + '/'));
        if (library) return this.result(role, 'PHI', 'library', 'a store of one of the library\'s PHI store constructs', library);
      }
    }
    return { role, classification: 'unclassified', source: 'none' };
  }

  private result(role: PhiRole, classification: DataClass, source: ClassificationSource, reason: string, at: string): ResourceClassification {
    return { role, classification, source, ...(reason ? { reason } : {}), at };
  }
}
