import * as path from 'path';
import { JsonFile, awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** The oldest aws-cdk-lib users may run: cdk-nag 3's validation plugin needs 2.258.0. */
const CDK_FLOOR = '2.258.0';
/** The aws-cdk-lib the tests, examples and benchmarks run against. */
const CDK_DEV = '2.276.0';

/** Jest's global coverage floors (percent), a point or two under the figures `npx jest --coverage` printed when they were set. */
const LINES_THRESHOLD = 98;
const BRANCHES_THRESHOLD = 90;

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-hipaa',
  description:
    'AWS CDK constructs and a synth-time compliance aspect that make HIPAA-safe infrastructure the default: customer-managed encryption, six-year audit logs, alerts, PHI discovery and an auditor-ready report.',
  author: 'cdk-hipaa maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-e8c94b35.example',
  repositoryUrl: 'https://github.com/cdk-hipaa/cdk-hipaa.git',
  keywords: ['cdk', 'aws-cdk', 'hipaa', 'compliance', 'phi', 'kms', 'cloudtrail', 'security'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  cdkVersionPinning: false,
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    `aws-cdk-lib@${CDK_DEV}`,
    'cdk-nag@3.0.2',
    'aws-cdk@^2.1148.0',
    '@swc/core',
    '@swc/jest',
    'esbuild@^0.28.0',
    'tsx',
    'aws-sdk-client-mock@4.1.0',
    '@types/node@^20',
    '@aws-sdk/client-iam',
    '@aws-sdk/client-sns',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    '@microsoft/sarif-multitool@^5.7.0',
    'puppeteer-core@^25.0.0',
  ],

  // Other languages are configured for release; CI packages JavaScript only.
  publishToPypi: { distName: 'cdk-hipaa', module: 'cdk_hipaa' },
  publishToMaven: {
    javaPackage: 'io.github.cdkhipaa',
    mavenGroupId: 'io.github.cdk-hipaa',
    mavenArtifactId: 'cdk-hipaa',
  },
  publishToNuget: { dotNetNamespace: 'CdkHipaa', packageId: 'CdkHipaa' },

  github: false,
  depsUpgrade: false,
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X, bundlingOptions: { externals: ['@aws-sdk/*'] } },
  integrationTestAutoDiscover: true,

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      moduleNameMapper: { '^cdk-hipaa$': '<rootDir>/src/index.ts' },
      setupFiles: ['<rootDir>/test/setup.ts'],
      testTimeout: 120_000,
      coverageReporters: ['text-summary', 'lcov'],
      // A point or two under what the suite reaches today, so a change that drops tests fails CI.
      coverageThreshold: { lines: LINES_THRESHOLD, statements: LINES_THRESHOLD, branches: BRANCHES_THRESHOLD },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench', 'projenrc'],
    // The test-time lint reports; it never rewrites files (`eslint:fix` does, for developers).
    commandOptions: { fix: false },
  },
  gitignore: ['cdk.out/', '*.bench.json', '.tmp/', '/logs'],
  // The CLI reads YAML templates; a jsii library ships a runtime dependency bundled.
  bundledDeps: ['yaml@^2.9.1', '@dagrejs/dagre@^3.1.3'],
  // projen registers every file of bin/ as a command: bin/cdk-hipaa requires lib/cli/main.js, which jsii compiles from src/cli.
});

// The generated ignore list's `logs` would also hide src/logs (the CloudWatch Logs constructs): only the top folder is ignored.
project.gitignore.removePatterns('logs');

// Transpile-only tests: type checking stays with jsii (src) and `typecheck` (tests, examples, bench).
project.jest!.config.transform = {
  '^.+\\.tsx?$': new javascript.Transform('@swc/jest', {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  }),
};
project.deps.removeDependency('ts-jest');
for (const dir of ['/examples/', '/bench/', '/docs/', '/.ci/', '/scripts/']) {
  project.npmignore?.exclude(dir);
}

// One type-checking config for everything jsii does not compile: tests, examples, benchmarks, scripts.
new JsonFile(project, 'tsconfig.dev.json', {
  allowComments: false,
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '.',
      paths: { 'cdk-hipaa': ['./src/index.ts'] },
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    exclude: ['node_modules', 'cdk.out', '**/*.snapshot/**'],
  },
});

// The lint covers every TypeScript file of the repository. Files in directories without their own
// tsconfig.json are typed through one that includes them, as typescript-eslint's project service
// looks for the nearest tsconfig.json.
for (const dir of ['bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    allowComments: false,
    obj: {
      extends: '../tsconfig.dev.json',
      compilerOptions: { noEmit: true, rootDir: '..' },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  });
}
// The examples import the package by name, as users do; their tsconfig.json maps it to src/.
project.eslint!.addOverride({
  files: ['examples/**/*.ts'],
  rules: { 'import/no-unresolved': ['error', { ignore: ['^cdk-hipaa$'] }] },
});
// Layers run one way (docs: CONVENTIONS): policy <- controls <- aspect; controls <- engine <- cli; policy <- kms <- backup
// <- stores (s3 <- logs <- rds, ec2) <- audit, compute, identity; organizations reads the catalog only;
// internal/ imports nothing of src.
// A folder's private/ serves that folder only. Cycles between files are errors too.
const LAYERS: Record<string, string[]> = {
  policy: [],
  internal: [],
  controls: ['policy'],
  aspect: ['policy', 'controls', 'engine', 'dataflow'],
  engine: ['policy', 'controls'],
  dataflow: ['policy', 'controls', 'engine'],
  cli: ['policy', 'controls', 'engine', 'dataflow'],
  kms: ['policy', 'controls'],
  backup: ['policy', 'controls', 'kms'],
  s3: ['policy', 'controls', 'kms', 'backup'],
  logs: ['policy', 'controls', 'kms', 'backup', 's3'],
  rds: ['policy', 'controls', 'kms', 'backup', 's3', 'logs'],
  ec2: ['policy', 'controls', 'kms', 'backup', 's3', 'logs'],
  audit: ['policy', 'controls', 'internal', 'kms', 'backup', 's3', 'logs', 'rds', 'ec2'],
  compute: ['policy', 'controls', 'internal', 'kms', 'backup', 's3', 'logs', 'rds', 'ec2'],
  identity: ['policy', 'controls', 'internal', 'kms', 'backup', 's3', 'logs', 'rds', 'ec2'],
  organizations: ['policy', 'controls', 'internal', 'kms', 'backup', 's3', 'logs', 'rds', 'ec2', 'audit', 'compute', 'identity'],
};
const folders = Object.keys(LAYERS);
const zones = folders.flatMap((folder) => [
  {
    target: `./src/${folder}`,
    from: folders.filter((other) => other !== folder && !LAYERS[folder].includes(other)).map((other) => `./src/${other}`),
    message: `src/${folder} sits below these folders in the layers: import the other way round.`,
  },
  {
    target: folders.filter((other) => other !== folder).map((other) => `./src/${other}`),
    from: `./src/${folder}/private`,
    message: `src/${folder}/private serves src/${folder} only.`,
  },
]).filter((zone) => zone.from.length > 0);
project.eslint!.addRules({
  'import/no-cycle': ['error'],
  'import/no-restricted-paths': ['error', { zones }],
});
project.addTask('eslint:fix', { description: 'Runs eslint and fixes what it can' })
  .spawn(project.eslint!.eslintTask, { args: ['--fix'] });

// After packaging: install the tarball into an empty folder as a user would and run the cdk-hipaa command from it.
project.packageTask.spawn(project.addTask('package:check', {
  description: 'Install the packed tarball into an empty folder and run npx cdk-hipaa check against it',
  exec: 'tsx scripts/package-check.ts',
}));

// Integration test apps are type-checked by `typecheck`; running them needs no second type check.
project.tasks.addEnvironment('TS_NODE_TRANSPILE_ONLY', 'true');

const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples, benchmarks and scripts',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
// Lambda handlers (src/**/*.lambda.ts) are bundled before tests synthesize the functions that ship them.
const bundle = project.tasks.tryFind('bundle');
if (bundle) project.testTask.prependSpawn(bundle);

// Integration snapshots hold, and the assert step compares, only what a snapshot is for: the
// templates and the compliance reports. The rest of a cloud assembly is incidental and some of it
// varies from run to run (the CLI's performance-counters.json appears when a busy machine
// synthesizes slowly; validation-report.json, *.metadata.json and *.assets.json record warnings,
// asset locations and versions). An allow-list, rather than a list of exclusions, keeps the next
// incidental file the CLI adds from failing the comparison at random.
const SNAPSHOT_KINDS = ['.template.json', '.hipaa-report.json', '.hipaa-report.md'];
/** `node -e` script: copy the compared files of a cloud assembly (nested assemblies included) into an emptied directory. */
const COPY_COMPARED_FILES = [
  'const fs = require("fs"); const path = require("path");',
  'const [from, to] = process.argv.slice(1);',
  `const kinds = ${JSON.stringify(SNAPSHOT_KINDS)};`,
  'fs.rmSync(to, { recursive: true, force: true });',
  'let templates = 0;',
  'const copy = (rel) => { for (const e of fs.readdirSync(path.join(from, rel), { withFileTypes: true })) {',
  '  const r = path.join(rel, e.name);',
  '  if (e.isDirectory()) { if (e.name.startsWith("assembly-")) copy(r); continue; }',
  '  if (!kinds.some((k) => e.name.endsWith(k))) continue;',
  '  if (e.name.endsWith(".template.json")) templates++;',
  '  fs.mkdirSync(path.join(to, rel), { recursive: true });',
  // Reports are written as compact JSON; indented, a change to one finding is a one-line diff.
  '  if (e.name.endsWith(".hipaa-report.json")) fs.writeFileSync(path.join(to, r), JSON.stringify(JSON.parse(fs.readFileSync(path.join(from, r), "utf8")), undefined, 2) + "\\n");',
  '  else fs.copyFileSync(path.join(from, r), path.join(to, r));',
  '} };',
  'copy("");',
  'if (templates === 0) { console.error(`no *.template.json in ${from}`); process.exit(1); }',
].join(' ');
const copyComparedFiles = (from: string, to: string) => ({ execArgs: ['node', '-e', COPY_COMPARED_FILES, from, to] });

for (const integ of project.components.filter((c): c is awscdk.IntegrationTest => c instanceof awscdk.IntegrationTest)) {
  const synth = integ.snapshotTask.steps.find((s) => s.execArgs?.[1] === 'synth')?.execArgs;
  const assertSynth = integ.assertTask.steps.find((s) => s.execArgs?.[1] === 'synth')?.execArgs;
  const snapshotExists = integ.assertTask.steps[0];
  if (!synth || !assertSynth || !snapshotExists?.execArgs) throw new Error(`unexpected projen integration test tasks: ${integ.assertTask.name}`);
  const snapshotDir = synth[synth.length - 1];
  const synthArgs = synth.slice(0, -2); // cdk synth --quiet --app ... (without -o DIR)
  const tmpDir = path.posix.dirname(assertSynth[assertSynth.length - 1]);
  const snapshotOut = `${tmpDir}/snapshot.cdk.out`;
  const assertOut = `${tmpDir}/assert.cdk.out`;
  const deployOut = `${tmpDir}/deploy.cdk.out`;

  integ.snapshotTask.reset();
  integ.snapshotTask.addSteps(
    { execArgs: ['rm', '-fr', snapshotOut] },
    { execArgs: [...synthArgs, '-o', snapshotOut] },
    copyComparedFiles(snapshotOut, snapshotDir),
  );

  integ.assertTask.reset();
  integ.assertTask.addSteps(
    snapshotExists,
    { execArgs: ['rm', '-fr', assertOut] },
    { execArgs: [...synthArgs, '-o', assertOut] },
    copyComparedFiles(snapshotDir, `${tmpDir}/expected`),
    copyComparedFiles(assertOut, `${tmpDir}/actual`),
    { execArgs: ['diff', '-r', '-u', `${tmpDir}/expected`, `${tmpDir}/actual`] },
  );

  // A deployment also captures the snapshot: the same files. The full assembly stays in the
  // scratch directory, which is what destroy needs.
  const deploySteps = integ.deployTask.steps;
  const mv = deploySteps.findIndex((s) => s.execArgs?.[0] === 'mv');
  const rmSnapshot = deploySteps.findIndex((s) => s.execArgs?.[0] === 'rm' && s.execArgs?.[2] === snapshotDir);
  if (mv < 0 || rmSnapshot !== mv - 1) throw new Error(`unexpected projen deploy task: ${integ.deployTask.name}`);
  integ.deployTask.updateStep(mv, copyComparedFiles(deployOut, snapshotDir));
  integ.deployTask.removeStep(rmSnapshot);
  const destroy = integ.destroyTask.steps[0].execArgs!;
  integ.destroyTask.updateStep(0, { execArgs: destroy.map((a) => (a === snapshotDir ? deployOut : a)) });
}

// The starter's integration test runs the copyable example, which imports 'cdk-hipaa' by name.
for (const name of ['integ:starter:snapshot', 'integ:starter:assert', 'integ:starter:deploy', 'integ:starter:watch']) {
  const task = project.tasks.tryFind(name);
  task?.env('NODE_PATH', 'test/integ/modules');
}

const example = project.addTask('example', {
  description: 'Synthesize examples/starter into cdk.out/ and print the compliance summary',
});
// A fresh clone has no assets/: the starter ships a projen-bundled Lambda, so bundle first.
if (bundle) example.spawn(bundle);
example.exec('cdk synth --app "npx tsx --tsconfig tsconfig.dev.json examples/starter/app.ts" --output cdk.out --quiet');
example.exec('tsx scripts/print-report.ts cdk.out');
// Docs generated from the code (control catalog, acknowledgements), regenerated by every build.
const docs = project.addTask('docs', {
  description: 'Generate docs/controls.md and the README tables from the code',
  exec: 'tsx scripts/docs.ts',
});
// The starter's data map (docs/data-map.svg) and its screenshot (docs/data-map.png, where a Chromium is installed).
docs.spawn(project.addTask('docs:data-map', {
  description: 'Regenerate docs/data-map.svg, and docs/data-map.png with a headless Chromium when one is installed',
  exec: 'tsx --tsconfig tsconfig.dev.json scripts/data-map.ts',
}));
project.postCompileTask.spawn(docs);

project.addTask('bench', {
  description: 'Benchmarks (ratios against the same run\'s baseline)',
  exec: 'tsx bench/run.ts',
});

project.synth();
