// The deploy-readiness checks over every template this repository synthesizes: each construct
// with its defaults and main options, the examples, and the integration apps' committed
// snapshots (which `npm test` proves equal to what the integration apps synthesize today).
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { deployReadinessProblems, expectDeployReady, formatProblem, templatesOfApp, templateOfFile } from './index';
import { expectOrganizationExampleDeployReady } from './organization-example';
import { AfterStack } from '../../examples/existing-app/after-stack';
import { StarterStack } from '../../examples/starter/starter-stack';
import * as lib from '../../src';
import { LIBRARY_CONSTRUCTS, privateVpc } from '../library-constructs';
import { TEST_ENV } from '../util';

const INTEG_DIR = path.join(__dirname, '..', 'integ');
const AZ_CONTEXT = { [`availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] };

function app(): App {
  return new App({ context: AZ_CONTEXT, builtinCloudFormationValidation: false });
}

/** One stack holding `build`, plus the account's audit trail (the recorder Config rules need). */
function withAuditTrail(build: (stack: Stack) => void): App {
  const a = app();
  const stack = new Stack(a, 'Subject', { env: TEST_ENV });
  build(stack);
  new lib.AuditTrail(new Stack(a, 'Audit', { env: TEST_ENV }), 'Audit');
  return a;
}

describe('deploy readiness of every template the repository synthesizes', () => {
  test.each(Object.entries(LIBRARY_CONSTRUCTS))('%s with its defaults', (_name, build) => {
    expectDeployReady(templatesOfApp(withAuditTrail(build)));
  });

  test.each<[string, (stack: Stack) => void]>([
    ['AccountPasswordPolicy where AWS Config records already', (s) => new lib.AccountPasswordPolicy(s, 'Subject', { configRecorderExists: true })],
    ['KeyRotationMonitor with DEACTIVATE and reserved concurrency opted into', (s) => new lib.KeyRotationMonitor(s, 'Subject', {
      configRecorderExists: true, action: lib.KeyRotationAction.DEACTIVATE, emailSubscribers: ['security@example.com'],
    })],
    ['AuditTrail without its own recorder', (s) => new lib.AuditTrail(s, 'Subject', { configRecorder: false })],
    ['CentralLogGroup with an archive', (s) => new lib.CentralLogGroup(s, 'Subject', { archive: true })],
    ['HipaaBackupPlan with Vault Lock', (s) => new lib.HipaaBackupPlan(s, 'Subject', { vaultLock: true })],
    ['EncryptedDatabase, Aurora MySQL', (s) => new lib.EncryptedDatabase(s, 'Subject', {
      vpc: privateVpc(s), clusterEngine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
    })],
    ['EncryptedDatabase, MySQL', (s) => new lib.EncryptedDatabase(s, 'Subject', {
      vpc: privateVpc(s), engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
    })],
    ['EncryptedDatabase, MariaDB 10.11', (s) => new lib.EncryptedDatabase(s, 'Subject', {
      vpc: privateVpc(s), engine: rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 }),
    })],
    ['HipaaServiceControlPolicies with every guardrail', (s) => new lib.HipaaServiceControlPolicies(s, 'Subject', {
      targetIds: ['ou-abcd-11111111'], breakGlassRoleNames: ['BreakGlass'], logArchiveBucketNames: ['org-logs'], allowedRegions: ['us-east-1'],
    })],
    ['EncryptedBucket with Object Lock in GOVERNANCE mode', (s) => new lib.EncryptedBucket(s, 'Subject', { objectLockMode: lib.ObjectLockMode.GOVERNANCE, objectLockRetention: Duration.days(30) })],
  ])('%s', (_name, build) => {
    expectDeployReady(templatesOfApp(withAuditTrail(build)));
  });

  test('the starter example', () => {
    const a = app();
    new StarterStack(a, 'HipaaStarter', { env: TEST_ENV, alertEmails: ['security@example.com'] });
    expectDeployReady(templatesOfApp(a));
  });

  test('the starter example where AWS Config records already', () => {
    const a = app();
    new StarterStack(a, 'HipaaStarter', { env: TEST_ENV, configRecorderExists: true });
    expectDeployReady(templatesOfApp(a));
  });

  test('two copies of the starter in one account and region collide on no name', () => {
    const a = app();
    new StarterStack(a, 'HipaaStarterBlue', { env: TEST_ENV });
    new StarterStack(a, 'HipaaStarterGreen', { env: TEST_ENV, configRecorderExists: true });
    const names = deployReadinessProblems(templatesOfApp(a)).filter((p) => p.rule === 'FixedNamePerAccountRegion');
    expect(names.map(formatProblem)).toEqual([]);
  });

  test('the existing-app example, fixed', () => {
    const a = app();
    new AfterStack(a, 'ExistingAppAfter', { env: TEST_ENV });
    expectDeployReady(templatesOfApp(a));
  });

  test('the organization example, its StackSet\'s per-account baseline included', () => expectOrganizationExampleDeployReady());

  const snapshots = fs.readdirSync(INTEG_DIR).filter((d) => d.endsWith('.integ.snapshot'));
  test('every integration app has a committed snapshot to check', () => {
    expect(snapshots.length).toBeGreaterThanOrEqual(7);
  });
  test.each(snapshots)('integration app %s', (dir) => {
    const templates = fs.readdirSync(path.join(INTEG_DIR, dir)).filter((f) => f.endsWith('.template.json'))
      .map((f) => templateOfFile(path.join(INTEG_DIR, dir, f), TEST_ENV));
    expectDeployReady(templates);
  });
});
