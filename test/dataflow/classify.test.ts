import { entry, mapOf } from './util';
import { PHI_ROLES } from '../../src/dataflow/classify';
import { DATA_CLASSIFICATION_METADATA } from '../../src/policy/data-classification';

describe('classification of each resource', () => {
  test.each([
    ['AWS::S3::Bucket', 'store'],
    ['AWS::RDS::DBInstance', 'store'],
    ['AWS::RDS::DBCluster', 'store'],
    ['AWS::DynamoDB::Table', 'store'],
    ['AWS::EFS::FileSystem', 'store'],
    ['AWS::EC2::Volume', 'store'],
    ['AWS::DocDB::DBCluster', 'store'],
    ['AWS::Neptune::DBCluster', 'store'],
    ['AWS::ElastiCache::ReplicationGroup', 'store'],
    ['AWS::OpenSearchService::Domain', 'store'],
    ['AWS::Kinesis::Stream', 'store'],
    ['AWS::SQS::Queue', 'store'],
    ['AWS::SecretsManager::Secret', 'store'],
    ['AWS::Logs::LogGroup', 'store'],
    ['AWS::Backup::BackupVault', 'store'],
    ['AWS::Lambda::Function', 'processor'],
    ['AWS::EC2::Instance', 'processor'],
    ['AWS::AutoScaling::AutoScalingGroup', 'processor'],
    ['AWS::ECS::Service', 'processor'],
    ['AWS::ECS::TaskDefinition', 'processor'],
    ['AWS::EKS::Cluster', 'processor'],
    ['AWS::Glue::Job', 'processor'],
    ['AWS::StepFunctions::StateMachine', 'processor'],
    ['AWS::SNS::Topic', 'pipe'],
    ['AWS::KinesisFirehose::DeliveryStream', 'pipe'],
    ['AWS::Events::Rule', 'pipe'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'pipe'],
  ])('%s is a PHI %s, unclassified until someone says otherwise', (type, role) => {
    const map = mapOf({ R: { Type: type, Properties: {} } });
    expect(entry(map, 'R')).toMatchObject({ role, classification: 'unclassified', classificationSource: 'none' });
  });

  test.each(['AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::EC2::VPC', 'AWS::CloudWatch::Alarm', 'AWS::Config::ConfigRule', 'AWS::Logs::SubscriptionFilter'])(
    '%s is outside PHI scope: not in the inventory', (type) => {
      const map = mapOf({ R: { Type: type, Properties: {} } });
      expect(map.inventory).toEqual([]);
      expect(PHI_ROLES[type]).toBeUndefined();
    });

  test('a DB instance of a cluster is its cluster\'s storage, not a store of its own', () => {
    const map = mapOf({
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
      Member: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' } } },
    });
    expect(map.inventory.map((e) => e.logicalId)).toEqual(['Cluster']);
  });

  test('resource metadata cdk_hipaa.dataClassification classifies a resource of a plain template', () => {
    const map = mapOf({
      Phi: { Type: 'AWS::S3::Bucket', Metadata: { cdk_hipaa: { dataClassification: 'PHI' } } },
      Public: { Type: 'AWS::S3::Bucket', Metadata: { cdk_hipaa: { dataClassification: 'NO_PHI', reason: 'Marketing images only' } } },
    });
    expect(entry(map, 'Phi')).toMatchObject({ classification: 'PHI', classificationSource: 'template' });
    expect(entry(map, 'Public')).toMatchObject({ classification: 'NO_PHI', classificationSource: 'template', classificationReason: 'Marketing images only' });
  });

  test('HipaaData metadata in the assembly classifies the subtree; the nearest classification wins', () => {
    const metadata = [
      { path: 'App/Site', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'NO_PHI', reason: 'Public marketing site assets' } },
      { path: 'App/Site/Uploads', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'PHI', reason: '' } },
    ];
    const map = mapOf({ Assets: bucketResource(), Uploads: bucketResource(), Other: bucketResource() }, {
      metadata,
      constructPaths: { Assets: 'App/Site/Assets/Resource', Uploads: 'App/Site/Uploads/Resource', Other: 'App/Other/Resource' },
    });
    expect(entry(map, 'Assets')).toMatchObject({ classification: 'NO_PHI', classificationSource: 'construct', classificationReason: 'Public marketing site assets' });
    expect(entry(map, 'Uploads')).toMatchObject({ classification: 'PHI', classificationSource: 'construct' });
    expect(entry(map, 'Other')).toMatchObject({ classification: 'unclassified' });
  });

  test('the library\'s store constructs are PHI stores by default; an explicit NO_PHI wins over the default', () => {
    const map = mapOf({ Docs: bucketResource(), Scratch: bucketResource(), Fn: { Type: 'AWS::Lambda::Function', Properties: {} } }, {
      libraryStores: ['App/Docs', 'App/Scratch'],
      metadata: [{ path: 'App/Scratch', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'NO_PHI', reason: 'Build artifacts, rebuilt on deploy' } }],
      constructPaths: { Docs: 'App/Docs/Bucket/Resource', Scratch: 'App/Scratch/Bucket/Resource', Fn: 'App/Docs/Fn/Resource' },
    });
    expect(entry(map, 'Docs')).toMatchObject({ classification: 'PHI', classificationSource: 'library' });
    expect(entry(map, 'Scratch')).toMatchObject({ classification: 'NO_PHI', classificationSource: 'construct' });
    // The default covers stores only: a processor under a library construct is still unclassified.
    expect(entry(map, 'Fn')).toMatchObject({ classification: 'unclassified' });
  });
});

function bucketResource() {
  return { Type: 'AWS::S3::Bucket', Properties: {} };
}
