import { JsonFile, awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** The oldest aws-cdk-lib users may run: cdk-nag 3's validation plugin needs 2.258.0. */
const CDK_FLOOR = '2.258.0';
/** The aws-cdk-lib the tests, examples and benchmarks run against. */
const CDK_DEV = '2.276.0';

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
    `aws-cdk@^2.1148.0`,
    '@swc/core',
    '@swc/jest',
    'esbuild@^0.28.0',
    'tsx',
    'aws-sdk-client-mock@4.1.0',
    '@types/node@^20',
    '@aws-sdk/client-iam',
    '@aws-sdk/client-sns',
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
    },
  },
  gitignore: ['cdk.out/', '*.bench.json', '.tmp/'],
});

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

const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples, benchmarks and scripts',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
// Lambda handlers (src/**/*.lambda.ts) are bundled before tests synthesize the functions that ship them.
const bundle = project.tasks.tryFind('bundle');
if (bundle) project.testTask.prependSpawn(bundle);

project.addTask('example', {
  description: 'Synthesize examples/starter into cdk.out/ and print the compliance summary',
  exec: 'cdk synth --app "npx tsx --tsconfig tsconfig.dev.json examples/starter/app.ts" --output cdk.out --quiet && tsx scripts/print-report.ts cdk.out',
});
project.addTask('bench', {
  description: 'Benchmarks (ratios against the same run\'s baseline)',
  exec: 'tsx bench/run.ts',
});

project.synth();
