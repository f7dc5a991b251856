/**
 * One measurement, in a fresh process: builds an app of about N mixed resources spread over
 * stacks (each under CloudFormation's 500-resource limit) and prints the CPU time of
 * `app.synth()` alone, as JSON, with what the engine under test produced: HipaaAspect's findings
 * and reports, cdk-nag's violations. The one failure it expects is cdk-nag's "Validation failed"
 * on an app with findings; anything else fails the process.
 *
 * The `map` variant is HipaaAspect with its data map on: the PHI inventory and the data-flow map
 * (JSON, Markdown, Mermaid, SVG) of every stack, besides the checks and the reports. The `checks`
 * variant is HipaaAspect with `report: false`: the checks and their synth errors and warnings, no files.
 *
 * The `mixed` app is about half compliant (HipaaAspect finds about a third of its checks failing, cdk-nag
 * reports violations); the `compliant` app is made of this library's constructs, on which neither
 * engine fails anything (their acknowledged findings aside): the cost of checking an app that passes.
 *
 *   tsx bench/synth-worker.ts <resources> <none|hipaa|checks|nag|map> <validation on|off> [mixed|compliant]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HIPAASecurityChecks } from 'cdk-nag';
import { CentralLogGroup, EncryptedBucket, EncryptedVolume, HipaaAspect, HipaaBackupPlan, HipaaFindingStatus, HipaaKey } from '../src';

/** About ten resources of the kinds a PHI workload has, half of them compliant. */
function addUnit(stack: Stack, i: number): void {
  const key = new kms.Key(stack, `Key${i}`, { enableKeyRotation: i % 2 === 0 });
  new s3.Bucket(stack, `Bucket${i}`, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    versioned: i % 2 === 0,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  new logs.LogGroup(stack, `Logs${i}`, { encryptionKey: key, retention: logs.RetentionDays.SIX_YEARS });
  new sns.Topic(stack, `Topic${i}`, { masterKey: key });
  new sqs.Queue(stack, `Queue${i}`, { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, retentionPeriod: Duration.days(4) });
  new ec2.CfnVolume(stack, `Volume${i}`, { availabilityZone: 'us-east-1a', size: 10, encrypted: true, kmsKeyId: key.keyArn });
  new dynamodb.CfnTable(stack, `Table${i}`, {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
  new ec2.CfnSecurityGroup(stack, `Sg${i}`, {
    groupDescription: 'bench',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' }],
  });
}

/** What every stack of the compliant app shares: a backup plan and an access log bucket. */
interface Shared {
  readonly plan: HipaaBackupPlan;
  readonly accessLogs: EncryptedBucket;
}

function addShared(stack: Stack): Shared {
  return { plan: new HipaaBackupPlan(stack, 'Backup'), accessLogs: new EncryptedBucket(stack, 'AccessLogs') };
}

/** The same kinds of resources as addUnit, each compliant: this library's constructs where it has one. */
function addCompliantUnit(stack: Stack, i: number, shared: Shared): void {
  const key = new HipaaKey(stack, `Key${i}`);
  new EncryptedBucket(stack, `Bucket${i}`, { encryptionKey: key, serverAccessLogsBucket: shared.accessLogs.bucket });
  new CentralLogGroup(stack, `Logs${i}`, { encryptionKey: key });
  new sns.Topic(stack, `Topic${i}`, { masterKey: key, enforceSSL: true });
  new sqs.Queue(stack, `Queue${i}`, { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
  new EncryptedVolume(stack, `Volume${i}`, { availabilityZone: 'us-east-1a', size: Size.gibibytes(10), encryptionKey: key, backupPlan: shared.plan });
  const table = new dynamodb.TableV2(stack, `Table${i}`, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
  });
  shared.plan.addConstruct(table);
  new ec2.CfnSecurityGroup(stack, `Sg${i}`, {
    groupDescription: 'bench',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' }],
  });
}

const APPS = {
  // key, bucket, bucket policy, log group, topic, queue, volume, table, security group; 360 resources per stack
  mixed: { resourcesPerUnit: 9, unitsPerStack: 40 },
  // as mixed, with the key's alias, the findings log group, the topic and queue policies (14), and per stack
  // the backup plan and the access log bucket with theirs (12): 348 resources per stack
  compliant: { resourcesPerUnit: 14.5, unitsPerStack: 24 },
} as const;

const [sizeArg, variant = 'none', validation = 'off', appKind = 'mixed'] = process.argv.slice(2);
if (!['none', 'hipaa', 'checks', 'nag', 'map'].includes(variant) || !['on', 'off'].includes(validation) || !(Number(sizeArg) > 0)
  || !(appKind === 'mixed' || appKind === 'compliant')) {
  throw new Error(`usage: synth-worker.ts <resources> <none|hipaa|checks|nag|map> <on|off> [mixed|compliant]; got ${process.argv.slice(2).join(' ')}`);
}
const { resourcesPerUnit, unitsPerStack } = APPS[appKind];
const target = Number(sizeArg);
const units = Math.max(1, Math.round(target / resourcesPerUnit));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-bench-'));

const app = new App({ outdir, builtinCloudFormationValidation: validation === 'on' });
let stack: Stack | undefined;
let shared: Shared | undefined;
for (let i = 0; i < units; i++) {
  if (i % unitsPerStack === 0) {
    stack = new Stack(app, `Bench${i / unitsPerStack}`, { env: { account: '123456789012', region: 'us-east-1' } });
    if (appKind === 'compliant') shared = addShared(stack);
  }
  if (appKind === 'compliant') addCompliantUnit(stack!, i, shared!);
  else addUnit(stack!, i);
}
const aspect = variant === 'hipaa' || variant === 'checks' || variant === 'map'
  ? HipaaAspect.applyTo(app, { report: variant !== 'checks', dataMap: variant === 'map' })
  : undefined;
if (variant === 'nag') Validations.of(app).addPlugins(new HIPAASecurityChecks(app));

const before = process.cpuUsage();
try {
  app.synth();
} catch (e) {
  // cdk-nag's plugin throws on findings once it has done its work; the time is what counts.
  // Any other failure (or this one in another variant) means the measurement is not of a synth.
  if (!(variant === 'nag' && e instanceof Error && /Validation failed/.test(e.message))) throw e;
}
const used = process.cpuUsage(before);
let resources = 0;
let reports = 0;
let maps = 0;
const files = fs.readdirSync(outdir);
for (const f of files.filter((n) => n.endsWith('.template.json'))) {
  resources += Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')).Resources ?? {}).length;
}
reports = files.filter((n) => n.endsWith('.hipaa-report.json')).length;
maps = files.filter((n) => n.endsWith('.hipaa-data-map.svg')).length;
let nagViolations = 0;
let nagReports = 0;
const validationReport = path.join(outdir, 'validation-report.json');
if (fs.existsSync(validationReport)) {
  const report = JSON.parse(fs.readFileSync(validationReport, 'utf8'));
  for (const plugin of report.pluginReports ?? []) {
    if (!/HIPAA/i.test(String(plugin.pluginName ?? ''))) continue;
    nagReports++;
    nagViolations += (plugin.violations ?? []).length;
  }
}
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({
  variant,
  validation,
  resources,
  cpuMs: (used.user + used.system) / 1000,
  findings: aspect?.findings.length ?? 0,
  failed: aspect?.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE).length ?? 0,
  reports,
  maps,
  nagViolations,
  nagReports,
}));
