import { ACCOUNT, bucket, flow, mapOf, OTHER_ACCOUNT, sg, vpc } from './util';
import { buildDataMap } from '../../src/dataflow/data-map';
import { isRisky } from '../../src/dataflow/model';

const instance = (groups: string[], extra: Record<string, any> = {}) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { ImageId: 'ami-1', SecurityGroupIds: groups.map((g) => ({ 'Fn::GetAtt': [g, 'GroupId'] })), ...extra },
});
const database = (groups: string[]) => ({
  Type: 'AWS::RDS::DBInstance',
  Properties: { Engine: 'postgres', VPCSecurityGroups: groups.map((g) => ({ 'Fn::GetAtt': [g, 'GroupId'] })) },
});
const fn = (role = 'FnRole') => ({ Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': [role, 'Arn'] }, Runtime: 'nodejs22.x' } });
const role = () => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } });

describe('network flows', () => {
  test('a security group rule from 0.0.0.0/0 is a flow from the internet to the group\'s members', () => {
    const map = mapOf({
      Vpc: vpc(),
      WebSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }),
      Web: instance(['WebSg']),
    });
    const f = flow(map, 'internet', 'App/Web');
    expect(f).toMatchObject({ kinds: ['network'], label: 'tcp 443', crossesInternet: true, leavesAccount: true });
    expect(isRisky(f)).toBe(true);
    expect(map.nodes.find((n) => n.id === 'internet')).toMatchObject({ kind: 'internet' });
  });

  test('a rule from a private range is a flow from that range, not from the internet', () => {
    const map = mapOf({
      Vpc: vpc(),
      DbSg: sg(),
      Rule: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['DbSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/16' } },
      Db: database(['DbSg']),
    });
    expect(flow(map, 'cidr:10.0.0.0/16', 'App/Db')).toMatchObject({ label: 'tcp 5432', crossesInternet: false, leavesAccount: false, unverifiable: false });
  });

  test('a rule from the VPC\'s own range (a GetAtt of its CidrBlock) is a flow from the VPC\'s addresses, not an unverifiable end', () => {
    const map = mapOf({
      Vpc: vpc(),
      DbSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } }] }),
      Db: database(['DbSg']),
    });
    expect(flow(map, 'vpc-cidr:App/Vpc', 'App/Db')).toMatchObject({ label: 'tcp 5432', crossesInternet: false, unverifiable: false });
    expect(map.nodes.find((n) => n.id === 'vpc-cidr:App/Vpc')).toMatchObject({ kind: 'network', label: 'addresses of VPC Vpc', vpc: 'Vpc' });
  });

  test('a rule between two security groups is a flow between their members', () => {
    const map = mapOf({
      Vpc: vpc(),
      AppSg: sg(),
      DbSg: sg(),
      Ingress: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: { 'Fn::GetAtt': ['DbSg', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['AppSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 },
      },
      App: instance(['AppSg']),
      Db: database(['DbSg']),
    });
    const f = flow(map, 'App/App', 'App/Db');
    expect(f).toMatchObject({ kinds: ['network'], label: 'tcp 5432', declaredBy: ['App/Ingress'] });
    expect(isRisky(f)).toBe(false);
    expect(map.nodes.find((n) => n.id === 'App/Db')).toMatchObject({ vpc: 'Vpc', role: 'store' });
  });

  test('a flow from a resource in a public subnet to a PHI store is marked', () => {
    const map = mapOf({
      Vpc: vpc(),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
      Table: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Route: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table' }, GatewayId: { Ref: 'Igw' }, DestinationCidrBlock: '0.0.0.0/0' } },
      Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: { Ref: 'Table' }, SubnetId: { Ref: 'Public' } } },
      AppSg: sg(),
      DbSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { Ref: 'AppSg' } }] }),
      App: instance(['AppSg'], { SubnetId: { Ref: 'Public' } }),
      Db: database(['DbSg']),
    });
    expect(flow(map, 'App/App', 'App/Db')).toMatchObject({ reachesPhiFromPublicSubnet: true });
  });

  test('an internet-facing load balancer receives from the internet', () => {
    const map = mapOf({ Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing' } } });
    expect(flow(map, 'internet', 'App/Lb')).toMatchObject({ crossesInternet: true });
  });
});

describe('identity flows', () => {
  test('an IAM policy on a role is a flow from the function using the role to the stores its statements name', () => {
    const map = mapOf({
      FnRole: role(),
      Fn: fn(),
      Docs: bucket(),
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          Roles: [{ Ref: 'FnRole' }],
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Docs', 'Arn'] }, '/*']] } },
              { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
              { Effect: 'Deny', Action: 's3:DeleteObject', Resource: { 'Fn::GetAtt': ['Docs', 'Arn'] } },
            ],
          },
        },
      },
    });
    expect(flow(map, 'App/Fn', 'App/Docs')).toMatchObject({ kinds: ['identity'], label: 's3:GetObject, s3:PutObject', declaredBy: ['App/Policy'] });
    expect(map.flows).toHaveLength(1);
  });

  test('a role no processor uses is drawn as itself', () => {
    const map = mapOf({
      Ops: role(),
      Docs: bucket(),
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { Roles: [{ Ref: 'Ops' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': ['Docs', 'Arn'] } }] } },
      },
    });
    expect(flow(map, 'App/Ops', 'App/Docs').kinds).toEqual(['identity']);
    expect(map.nodes.find((n) => n.id === 'App/Ops')).toMatchObject({ kind: 'resource', type: 'AWS::IAM::Role' });
  });

  test('a grant on a resource from a parameter is an unverifiable flow, not left out', () => {
    const map = mapOf({
      FnRole: role(),
      Fn: fn(),
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: 'FnRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { Ref: 'TableArn' } }] } },
      },
    });
    const f = flow(map, 'App/Fn', 'unresolved:resource:Ref TableArn');
    expect(f).toMatchObject({ unverifiable: true, label: 'dynamodb:GetItem' });
    expect(map.nodes.find((n) => n.id === f.to)).toMatchObject({ kind: 'unresolved' });
  });

  test('an imported value another template does not export is an unverifiable end', () => {
    const map = mapOf({
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'sqs', Endpoint: { 'Fn::ImportValue': 'SharedQueueArn' } } },
    });
    expect(flow(map, 'App/Topic', 'unresolved:subscription endpoint:ImportValue SharedQueueArn')).toMatchObject({ unverifiable: true });
  });
});

describe('resource policy flows', () => {
  test('a bucket policy granting another account is a flow that leaves the account', () => {
    const map = mapOf({
      Docs: bucket(),
      DocsPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Docs' },
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 's3:GetObject', Resource: '*' },
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:PutObject', Resource: '*' },
              { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
            ],
          },
        },
      },
    });
    const f = flow(map, `account:${OTHER_ACCOUNT}`, 'App/Docs');
    expect(f).toMatchObject({ kinds: ['resource-policy'], label: 's3:GetObject', leavesAccount: true, crossesInternet: false });
    // The own account and Deny statements are no flows.
    expect(map.flows).toHaveLength(1);
  });

  test('a queue policy open to everyone is a flow from the internet', () => {
    const map = mapOf({
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      QueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: { Queues: [{ Ref: 'Queue' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] } },
      },
    });
    expect(flow(map, 'internet', 'App/Queue')).toMatchObject({ crossesInternet: true, leavesAccount: true });
  });

  test('queue and topic inline policies are read as queue and topic policies', () => {
    const map = mapOf({
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      QueueInline: {
        Type: 'AWS::SQS::QueueInlinePolicy',
        Properties: { Queue: { Ref: 'Queue' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sqs:ReceiveMessage', Resource: '*' }] } },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      TopicInline: {
        Type: 'AWS::SNS::TopicInlinePolicy',
        Properties: { TopicArn: { Ref: 'Topic' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Subscribe', Resource: '*' }] } },
      },
    });
    expect(flow(map, `account:${OTHER_ACCOUNT}`, 'App/Queue')).toMatchObject({ kinds: ['resource-policy'], leavesAccount: true, declaredBy: ['App/QueueInline'] });
    expect(flow(map, 'internet', 'App/Topic')).toMatchObject({ crossesInternet: true, declaredBy: ['App/TopicInline'] });
  });

  test('a key policy granting another account reaches every store the key encrypts', () => {
    const map = mapOf({
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'kms:Decrypt', Resource: '*' }] } },
      },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { Ref: 'Key' } } } },
    });
    expect(flow(map, `account:${OTHER_ACCOUNT}`, 'App/Table')).toMatchObject({ leavesAccount: true, declaredBy: ['App/Key'] });
  });
});

describe('service flows', () => {
  test('subscriptions: a topic to a function, and to email recipients over the internet', () => {
    const map = mapOf({
      FnRole: role(),
      Fn: fn(),
      Topic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'ops@example.com' }] } },
      Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    });
    expect(flow(map, 'App/Topic', 'App/Fn')).toMatchObject({ kinds: ['service'], label: 'subscription (lambda)', crossesInternet: false });
    expect(flow(map, 'App/Topic', 'email')).toMatchObject({ label: 'subscription (email)', crossesInternet: true });
  });

  test('a log subscription filter is a flow from its log group to its destination', () => {
    const map = mapOf({
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Stream: { Type: 'AWS::Kinesis::Stream', Properties: {} },
      Filter: {
        Type: 'AWS::Logs::SubscriptionFilter',
        Properties: { LogGroupName: { Ref: 'Logs' }, DestinationArn: { 'Fn::GetAtt': ['Stream', 'Arn'] }, FilterPattern: '' },
      },
    });
    expect(flow(map, 'App/Logs', 'App/Stream')).toMatchObject({ label: 'log subscription', declaredBy: ['App/Filter'] });
  });

  test('an event source mapping is a flow from the queue to the function', () => {
    const map = mapOf({
      FnRole: role(),
      Fn: fn(),
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: { Ref: 'Fn' } } },
    });
    expect(flow(map, 'App/Queue', 'App/Fn').label).toEqual('event source mapping');
  });

  test('replication to a bucket of another account leaves the account', () => {
    const map = mapOf({
      Docs: bucket({ ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dr-copy', Account: OTHER_ACCOUNT } }] } }),
    });
    expect(flow(map, 'App/Docs', `account:${OTHER_ACCOUNT}`)).toMatchObject({ label: 'replication', leavesAccount: true });
  });

  test('CloudTrail and Firehose deliveries', () => {
    const map = mapOf({
      TrailBucket: bucket(),
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'TrailBucket' }, IsLogging: true } },
      Firehose: {
        Type: 'AWS::KinesisFirehose::DeliveryStream',
        Properties: { HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://intake.example.com/v1' } } },
      },
    });
    expect(flow(map, 'service:cloudtrail.amazonaws.com', 'App/TrailBucket').label).toEqual('trail delivery');
    expect(flow(map, 'App/Firehose', 'endpoint:intake.example.com')).toMatchObject({ crossesInternet: true });
  });
});

test('flows are sorted, so the same templates give the same map', () => {
  const resources = {
    Vpc: vpc(),
    A: sg({ SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] }),
    B: instance(['A']),
    C: instance(['A']),
  };
  const a = mapOf(resources);
  const b = mapOf(Object.fromEntries(Object.entries(resources).reverse()));
  expect(a.flows.map((f) => `${f.from}>${f.to}`)).toEqual(['internet>App/B', 'internet>App/C']);
  expect(JSON.stringify(b.flows)).toEqual(JSON.stringify(a.flows));
  expect(a.flows[0].label).toEqual('all traffic');
});

test('a template read without its account: the account its ARNs name is the own account', () => {
  const resources = {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Statement: [
            { Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } }, Action: 'kms:*', Resource: '*' },
            { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/auditor` }, Action: 'kms:Decrypt', Resource: '*' },
          ],
        },
      },
    },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, LogGroupName: `arn:aws:logs:us-east-1:${ACCOUNT}:x` } },
  };
  const map = buildDataMap({ templates: [{ name: 'plain.json', stackKey: 'plain.json', template: { Resources: resources } }] }, { name: 'plain' });
  expect(map.flows.map((f) => `${f.from} -> ${f.to}`)).toEqual([`account:${OTHER_ACCOUNT} -> plain.json/Logs`]);
});
