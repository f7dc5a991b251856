import { mapOf, sg, vpc } from './util';
import { assertWellFormedXml } from './xml';
import { compactForDrawing } from '../../src/dataflow/compact';
import { isRisky } from '../../src/dataflow/model';
import { renderDataMapMarkdown } from '../../src/dataflow/render-markdown';
import { renderDataMapMermaid } from '../../src/dataflow/render-mermaid';
import { renderDataMapSvg } from '../../src/dataflow/render-svg';

const PHI = { cdk_hipaa: { dataClassification: 'PHI' } };
const resources = {
  Vpc: vpc(),
  WebSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }),
  DbSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { Ref: 'WebSg' } }] }),
  Web: { Type: 'AWS::EC2::Instance', Properties: { SecurityGroupIds: [{ Ref: 'WebSg' }] } },
  Db: { Type: 'AWS::RDS::DBInstance', Metadata: PHI, Properties: { VPCSecurityGroups: [{ Ref: 'DbSg' }], StorageEncrypted: true } },
  Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
  Scratch: { Type: 'AWS::S3::Bucket', Properties: {} },
  Ads: { Type: 'AWS::S3::Bucket', Metadata: { cdk_hipaa: { dataClassification: 'NO_PHI', reason: 'Ad creatives <public> & "shared"' } } },
  RecordsPolicy: {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: { Ref: 'Records' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '210987654321' }, Action: 's3:GetObject', Resource: '*' }] } },
  },
};
const constructPaths = { Db: 'App/Data/Db/Resource', Records: 'App/Data/Records/Resource', Web: 'App/Web/Resource', Scratch: 'App/Scratch/Resource', Ads: 'App/Ads/Resource' };
const map = mapOf(resources, { constructPaths });
const phiLabels = ['Data/Db', 'Data/Records'];

describe('SVG', () => {
  const svg = renderDataMapSvg(map);

  test('is well-formed XML with an svg root and a title', () => {
    expect(assertWellFormedXml(svg).root).toEqual('svg');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
    expect(svg).toContain('<title>Where PHI lives and flows: App</title>');
  });

  test('the XML check fails on what a careless renderer would write', () => {
    expect(() => assertWellFormedXml('<svg><text>a & b</text></svg>')).toThrow(/unescaped &/);
    expect(() => assertWellFormedXml('<svg><g></svg>')).toThrow(/closes nothing open/);
    expect(() => assertWellFormedXml('<svg><rect x=1/></svg>')).toThrow(/malformed tag/);
    expect(() => assertWellFormedXml('<svg><g>')).toThrow(/unclosed <g>/);
  });

  test('shows every PHI store by its label, drawn as a PHI store', () => {
    for (const label of phiLabels) {
      expect(svg).toMatch(new RegExp(`<g class="node phi"><title>App/${label.split('/')[1]}</title>.*>${label}</text>`));
    }
    expect(svg).toContain('<g class="node unclassified"><title>App/Scratch</title>');
    expect(svg).toContain('<g class="node nophi"><title>App/Ads</title>');
  });

  test('draws risky flows dashed and red, and the others plain', () => {
    const risky = map.flows.filter(isRisky).length;
    expect(risky).toBe(2); // the internet to the web server, the other account to the bucket
    expect(svg.match(/<g class="flow risky">/g)).toHaveLength(risky);
    expect(svg.match(/<g class="flow">/g)).toHaveLength(map.flows.length - risky);
    expect(svg).toMatch(/<g class="flow risky"><title>[^<]*<\/title><path [^>]*stroke="#c62828"[^>]*stroke-dasharray="6 4"/);
  });

  test('groups resources by stack and VPC, and has a legend', () => {
    expect(svg).toContain('>Stack App</text>');
    expect(svg).toContain('>VPC Vpc</text>');
    expect(svg).toContain('<g class="legend">');
    expect(svg).toContain('store classified PHI');
  });

  test('is the same for the same templates, whatever their order', () => {
    const reversed = mapOf(Object.fromEntries(Object.entries(resources).reverse()), { constructPaths });
    expect(renderDataMapSvg(reversed)).toEqual(svg);
  });

  /** The map with its stack renamed (node ids, labels and titles follow). */
  const renamed = (name: string) => JSON.parse(JSON.stringify(map).replace(/"App"/g, `"${name}"`).replace(/"App\//g, `"${name}/`).replace(/Stack App/g, `Stack ${name}`));

  test('a map that differs only in names is drawn where the first was, names aside', () => {
    const twin = renderDataMapSvg(renamed('Twn'));
    expect(twin).toContain('<title>Twn/Records</title>');
    expect(twin.replace(/Twn/g, 'App')).toEqual(svg);
  });

  test('a label of another length gives a box of another size: the layout follows the sizes', () => {
    const longer = renderDataMapSvg(JSON.parse(JSON.stringify(map).replace(/"label":"Data\/Records"/, '"label":"Data/RecordsOfEveryPatientSince1990"')));
    const box = (s: string) => /<g class="node phi"><title>App\/Records<\/title><rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(s)![1];
    const stackBox = (s: string) => /<g class="cluster"><rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(s)![1];
    expect(Number(box(longer))).toBeGreaterThan(Number(box(svg)));
    expect(Number(stackBox(longer))).toBeGreaterThan(Number(stackBox(svg)));
  });
});

describe('SVG of a large stack: alike resources drawn as one node', () => {
  // Forty tables no flow reaches, and forty security groups that each admit the same network on 443.
  const many: Record<string, any> = {};
  for (let i = 0; i < 40; i++) {
    many[`Table${i}`] = { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } };
    many[`Sg${i}`] = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'app', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }] },
    };
  }
  const large = mapOf(many);
  const drawn = renderDataMapSvg(large);

  test('the map keeps every resource; the drawing merges them', () => {
    expect(large.inventory.filter((e) => e.type === 'AWS::DynamoDB::Table')).toHaveLength(40);
    expect(drawn).toContain('(40 × DynamoDB Table)');
    expect(drawn).toContain('and 39 alike');
    expect(new Set(drawn.match(/Table\d+/g))).toEqual(new Set(['Table0']));
  });

  test('fewer than three alike stay separate nodes', () => {
    const two = renderDataMapSvg(mapOf({ Table0: many.Table0, Table1: many.Table1 }));
    expect(two).toContain('Table0');
    expect(two).toContain('Table1');
    expect(two).not.toContain('×');
  });
});

describe('drawing: resources alike through alike neighbours are one node', () => {
  // Forty functions, each fed by a queue of its own and reading one shared PHI table.
  const chains: Record<string, any> = {
    Records: { Type: 'AWS::DynamoDB::Table', Metadata: PHI, Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } },
  };
  for (let i = 0; i < 40; i++) {
    chains[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: {} };
    chains[`Fn${i}`] = { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] } } };
    chains[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'read', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Records', 'Arn'] } }] } }],
      },
    };
    chains[`Mapping${i}`] = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: { 'Fn::GetAtt': [`Queue${i}`, 'Arn'] }, FunctionName: { Ref: `Fn${i}` } },
    };
  }
  const full = mapOf(chains);
  const drawn = compactForDrawing(full);
  const idsOfType = (m: typeof full, type: string) => m.nodes.filter((n) => n.type === type).map((n) => n.id);

  test('the map keeps every function and queue; the drawing has one of each, and the table', () => {
    expect(idsOfType(full, 'AWS::Lambda::Function')).toHaveLength(40);
    expect(idsOfType(full, 'AWS::SQS::Queue')).toHaveLength(40);
    expect(idsOfType(drawn, 'AWS::Lambda::Function')).toHaveLength(1);
    expect(idsOfType(drawn, 'AWS::SQS::Queue')).toHaveLength(1);
    expect(idsOfType(drawn, 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(drawn.nodes.find((n) => n.type === 'AWS::Lambda::Function')?.label).toMatch(/\(40 × Lambda Function\)$/);
  });

  test('each flow of the chain is drawn once, between the merged nodes, declared by all forty', () => {
    const [queue] = idsOfType(drawn, 'AWS::SQS::Queue');
    const [fn] = idsOfType(drawn, 'AWS::Lambda::Function');
    const feeds = drawn.flows.filter((f) => f.from === queue && f.to === fn);
    expect(feeds).toHaveLength(1);
    expect(feeds[0].declaredBy).toHaveLength(full.flows.filter((f) => f.label === feeds[0].label && f.to.includes('/Fn')).length);
    expect(feeds[0].declaredBy.length).toBeGreaterThanOrEqual(40);
  });

  test('security groups that admit different sources stay apart: the one open to the internet is drawn on its own', () => {
    const open: Record<string, any> = {};
    for (let i = 0; i < 4; i++) {
      open[`Sg${i}`] = sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: i === 0 ? '0.0.0.0/0' : '10.0.0.0/8' }] });
    }
    const m = compactForDrawing(mapOf(open));
    // Sg0 admits the internet; Sg1 to Sg3 admit a private network the same way.
    expect(m.nodes.filter((n) => n.id.startsWith('App/Sg')).map((g) => g.label)).toEqual(['security group Sg0', 'security group Sg1 and 2 alike']);
  });
});

describe('Mermaid', () => {
  const mmd = renderDataMapMermaid(map);
  const lines = mmd.trimEnd().split('\n');
  const idOf = (nodeId: string) => `n${map.nodes.findIndex((n) => n.id === nodeId)}`;

  test('a flowchart with a subgraph per stack and per VPC', () => {
    expect(lines[0]).toEqual('flowchart LR');
    expect(lines).toContain('  subgraph g0["Stack App"]');
    expect(lines).toContain('    subgraph g1["VPC Vpc"]');
  });

  test('stores are cylinders; PHI stores, unclassified stores and NO_PHI resources have their classes', () => {
    // The internet reaches the database through the web server only: a review, not a failure, so no mark under the caption.
    expect(mmd).toContain(`${idOf('App/Db')}[("Data/Db<br/><small>RDS DBInstance · store · PHI</small>")]`);
    expect(mmd).toContain(`${idOf('App/Records')}[("Data/Records<br/><small>S3 Bucket · store · PHI</small><br/><small>⚠ fails DataMap.NoCrossAccountPhiRead</small>")]`);
    expect(lines).toContain(`  class ${idOf('App/Db')},${idOf('App/Records')} phi`);
    expect(lines).toContain(`  class ${idOf('App/Scratch')} unclassified`);
    expect(lines).toContain(`  class ${idOf('App/Ads')} nophi`);
  });

  test('risky flows are dotted and styled red; others are plain arrows with their label', () => {
    expect(lines).toContain(`  ${idOf('internet')} -.->|"tcp 443"| ${idOf('App/Web')}`);
    expect(lines).toContain(`  ${idOf('App/Web')} -->|"tcp 5432"| ${idOf('App/Db')}`);
    const risky = map.flows.map((f, i) => (isRisky(f) ? i : -1)).filter((i) => i >= 0);
    expect(lines).toContain(`  linkStyle ${risky.join(',')} stroke:#c62828,stroke-width:2px`);
  });
});

describe('Markdown', () => {
  const md = renderDataMapMarkdown(map);

  test('one inventory row per resource, a flow table, and what the map does not see', () => {
    expect(md).toContain('| Resource | Type | Role | Classification | Encryption at rest | In transit | Backup | Logs | Owner | Evidence |');
    expect(md.split('\n').filter((l) => l.startsWith('| ') && l.includes('`'))).toHaveLength(map.inventory.length);
    expect(md).toMatch(/\| Data\/Records<br>`Records` \| AWS::S3::Bucket \| store \| PHI \(template metadata\) \|/);
    expect(md).toContain('| AWS account 210987654321 | Data/Records | resource-policy | s3:GetObject | leaves the account |');
    expect(md).toContain('## What this map does not see');
    expect(md).toContain('**unclassified**');
  });
});
