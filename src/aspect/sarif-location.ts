import * as path from 'path';
import { CfnResource } from 'aws-cdk-lib';

/** Where a SARIF result points: a file and, when known, a line in it. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

/** This library's own code (src/ when run from TypeScript, lib/ once compiled): never the place a user wrote. */
const OWN_CODE = ['src', 'lib'].map((dir) => path.join(path.resolve(__dirname, '..', '..'), dir) + path.sep);
/** Packages whose frames are the machinery of creating a construct, not the user's call. */
const FRAMEWORK = /[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/;
/** `[at ]fn (file:line:col)` or `[at ]file:line:col` (aws-cdk-lib drops the `at` and folds its own frames into `...x in package...`). */
const FRAME = /^\s*(?:at )?(?:.*?\()?((?:file:\/\/)?(?:[A-Za-z]:)?[^():]+):(\d+):\d+\)?\s*$/;

/**
 * The file and line of the user's code that created `resource`: the first frame of its creation
 * stack trace outside aws-cdk-lib, constructs and this library. aws-cdk-lib records the trace
 * when creation stack traces are on (plain `app.synth()`, tests; the CDK CLI only with --debug).
 */
export function creationLocation(resource: CfnResource): SourceLocation | undefined {
  for (const frame of creationTrace(resource)) {
    const match = FRAME.exec(frame);
    if (!match) continue;
    const file = match[1].startsWith('file://') ? decodeURIComponent(new URL(match[1]).pathname) : match[1];
    if (!path.isAbsolute(file) || FRAMEWORK.test(file) || OWN_CODE.some((dir) => file.startsWith(dir))) continue;
    return { file, line: Number(match[2]) };
  }
  return undefined;
}

/** The creation stack trace aws-cdk-lib recorded on the resource, if any. */
function creationTrace(resource: CfnResource): readonly string[] {
  for (const entry of resource.node.metadata) {
    if (entry.type === 'aws:cdk:creationStack' && Array.isArray(entry.data)) return entry.data;
  }
  // Older aws-cdk-lib versions kept it as the trace of the logical id entry.
  const logicalId = resource.node.metadata.find((entry) => entry.type === 'aws:cdk:logicalId');
  return logicalId?.trace ?? [];
}
