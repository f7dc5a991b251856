import { Control, fail, notApplicable, pass, RenderedResource, unverifiable } from './control';
import { decodeBase64Text, maskSecret, SecretMatch, secretsInNamedValue, secretsInText } from './secret-patterns';
import { HipaaSeverity } from './severity';
import { isIntrinsic } from './values';

const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
const SAM_FUNCTION = 'AWS::Serverless::Function';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const INSTANCE = 'AWS::EC2::Instance';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';
const CODEBUILD_PROJECT = 'AWS::CodeBuild::Project';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const SAM_STATE_MACHINE = 'AWS::Serverless::StateMachine';

/** What an intrinsic inside a text stands for: a placeholder the patterns never take for a secret. */
const TOKEN = '${token}';

/** One credential found, with where it was found. */
interface Finding {
  readonly where: string;
  readonly kind: string;
  readonly secret: string;
}

/** What a resource reveals: credentials found, and credentials that may be (their plaintext-ness unknown). */
interface Scan {
  /** False when the resource has nothing that could hold a secret. */
  readonly applies: boolean;
  readonly found: Finding[];
  readonly uncertain: Finding[];
}

/** The alternatives of a value: both branches of `Fn::If` (recursively), `AWS::NoValue` left out. */
function alternatives(value: unknown): unknown[] {
  const branches = (value as any)?.['Fn::If'];
  if (isIntrinsic(value) && Array.isArray(branches) && branches.length === 3) return [...alternatives(branches[1]), ...alternatives(branches[2])];
  if (isIntrinsic(value) && (value as any).Ref === 'AWS::NoValue') return [];
  return [value];
}

/**
 * The text of a value: a literal as it is; `Fn::Join`, `Fn::Sub` (literal variables substituted) and
 * `Fn::Base64` with their literal parts, intrinsics inside them standing as `${token}`. Undefined for a value that is wholly an
 * intrinsic (a reference: a parameter, an attribute, an import).
 */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isIntrinsic(value)) return undefined;
  const v = value as any;
  if (v['Fn::Base64'] !== undefined) return textOf(v['Fn::Base64']);
  if (v['Fn::Sub'] !== undefined) {
    const [template, variables] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
    if (typeof template !== 'string') return undefined;
    // Literal variables are substituted; the others stay `${Name}` placeholders.
    return template.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
      const literal = variables?.[name];
      return typeof literal === 'string' ? literal : whole;
    });
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && Array.isArray(join[1])) {
    const separator = typeof join[0] === 'string' ? join[0] : '';
    return join[1].map((part: unknown) => textOf(part) ?? TOKEN).join(separator);
  }
  return undefined;
}

function found(where: string, matches: ReadonlyArray<SecretMatch & { readonly name?: string }>): Finding[] {
  return matches.map((m) => ({ where: m.name ? `${where} (${m.name})` : where, kind: m.kind, secret: m.secret }));
}

/** The secrets of one named variable; `name` undefined when the name is an intrinsic. */
function scanVariable(where: string, name: string | undefined, value: unknown): Finding[] {
  const out: Finding[] = [];
  for (const alternative of alternatives(value)) {
    const text = textOf(alternative);
    if (text !== undefined) out.push(...found(where, secretsInNamedValue(name ?? '', text)));
  }
  return out;
}

/** A `{ NAME: value }` map of environment variables (Lambda, SAM). */
function scanVariableMap(variables: unknown, describe: (name: string) => string): Scan {
  let applies = false;
  const findings: Finding[] = [];
  for (const map of alternatives(variables)) {
    // A whole map from an intrinsic holds no literal here: its values come from elsewhere.
    if (isIntrinsic(map)) applies = true;
    if (map === null || typeof map !== 'object' || Array.isArray(map) || isIntrinsic(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      applies = true;
      findings.push(...scanVariable(describe(name), name, value));
    }
  }
  return { applies, found: findings, uncertain: [] };
}

/** A list of `{ Name, Value, [Type] }` entries (ECS container environment, CodeBuild variables). */
function scanNameValueList(entries: unknown, describe: (name: string) => string, plaintext: (entry: any) => boolean | undefined): Scan {
  const result = { applies: false, found: [] as Finding[], uncertain: [] as Finding[] };
  for (const list of alternatives(entries)) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const name = typeof entry?.Name === 'string' ? entry.Name : undefined;
      result.applies = true;
      const isPlain = plaintext(entry);
      if (isPlain === false) continue;
      const findings = scanVariable(describe(name ?? '(name from an intrinsic)'), name, entry?.Value);
      (isPlain === undefined ? result.uncertain : result.found).push(...findings);
    }
  }
  return result;
}

function merge(scans: Scan[]): Scan {
  return {
    applies: scans.some((s) => s.applies),
    found: scans.flatMap((s) => s.found),
    uncertain: scans.flatMap((s) => s.uncertain),
  };
}

/** Free text (user data): known formats and assignments to secret-like names, literal base64 decoded first. */
function scanText(where: string, value: unknown): Scan {
  const result = { applies: false, found: [] as Finding[], uncertain: [] as Finding[] };
  for (const alternative of alternatives(value)) {
    if (alternative === undefined || alternative === null || alternative === '') continue;
    result.applies = true;
    const text = textOf(alternative);
    if (text === undefined) continue;
    // Without Fn::Base64 the literal is already base64 (as EC2 requires); decode it to read it.
    const decoded = typeof alternative === 'string' ? decodeBase64Text(alternative) : undefined;
    result.found.push(...found(where, secretsInText(decoded ?? text)));
  }
  return result;
}

/** A JSON value of a state machine definition, walked with its path; `Key.$` values are JSONPath, not literals. */
function scanJson(path: string, key: string, value: unknown, out: Finding[]): void {
  if (typeof value === 'string') {
    if (!key.endsWith('.$')) out.push(...found(path, secretsInNamedValue(key, value)));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => scanJson(`${path}[${i}]`, key, item, out));
  } else if (value !== null && typeof value === 'object' && !isIntrinsic(value)) {
    for (const [k, v] of Object.entries(value)) scanJson(`${path}.${k}`, k, v, out);
  } else if (isIntrinsic(value)) {
    const text = textOf(value);
    if (text !== undefined && !key.endsWith('.$')) out.push(...found(path, secretsInNamedValue(key, text)));
  }
}

/** A state machine: `Definition` (an object), `DefinitionString` (JSON text), `DefinitionSubstitutions`. */
function scanStateMachine(r: RenderedResource): Scan {
  const out: Finding[] = [];
  let applies = false;
  for (const definition of alternatives(r.properties.Definition)) {
    if (definition === undefined) continue;
    applies = true;
    scanJson('Definition', '', definition, out);
  }
  for (const definition of alternatives(r.properties.DefinitionString)) {
    if (definition === undefined) continue;
    applies = true;
    const text = textOf(definition);
    if (text === undefined) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      out.push(...found('DefinitionString', secretsInText(text)));
      continue;
    }
    scanJson('DefinitionString', '', parsed, out);
  }
  const substitutions = scanVariableMap(r.properties.DefinitionSubstitutions, (name) => `DefinitionSubstitutions ${name}`);
  return {
    applies: applies || substitutions.applies,
    found: [...out, ...substitutions.found],
    uncertain: [],
  };
}

/** What each resource type can carry a secret in. */
function scan(r: RenderedResource): Scan {
  const p = r.properties;
  switch (r.type) {
    case LAMBDA_FUNCTION:
    case SAM_FUNCTION:
      return scanVariableMap(p.Environment?.Variables, (name) => `environment variable ${name}`);
    case TASK_DEFINITION: {
      const containers = alternatives(p.ContainerDefinitions).filter(Array.isArray).flat();
      return merge(containers.map((c: any, i: number) => {
        const container = typeof c?.Name === 'string' ? c.Name : `#${i + 1}`;
        return scanNameValueList(c?.Environment, (name) => `container ${container} environment ${name}`, () => true);
      }));
    }
    case INSTANCE:
    case LAUNCH_CONFIGURATION:
      return scanText('UserData', p.UserData);
    case LAUNCH_TEMPLATE:
      return scanText('LaunchTemplateData.UserData', p.LaunchTemplateData?.UserData);
    case CODEBUILD_PROJECT:
      return scanNameValueList(p.Environment?.EnvironmentVariables, (name) => `build environment variable ${name}`, (entry) => {
        const type = entry?.Type;
        if (type === undefined || type === 'PLAINTEXT') return true;
        return typeof type === 'string' ? false : undefined;
      });
    default:
      return scanStateMachine(r);
  }
}

function describeFinding(f: Finding): string {
  return `${f.where}: ${f.kind} (${maskSecret(f.secret)})`;
}

/**
 * General.NoPlaintextSecrets: no credential, private key, token or password is written into the
 * template where anyone who can read the stack, the function or the task definition reads it.
 * Reads Lambda and SAM function environment variables (SAM `Globals` are outside any resource and
 * not seen), ECS container environments, EC2 user data (instances, launch templates, launch
 * configurations; `Fn::Base64` of a literal or of `Fn::Join`, and literal base64, decoded), CodeBuild
 * environment variables of type PLAINTEXT (the default), and Step Functions definitions
 * (`Definition`, `DefinitionString`, `DefinitionSubstitutions`; also SAM state machines). A secret is
 * a known format (AWS access key id, AWS secret key next to its name, PEM private key, JSON Web
 * Token, password in a `scheme://user:password@host` URL, GitHub, Slack and Stripe tokens) or a
 * literal under a secret-like name (password, secret, token, api key, private key, client secret...).
 * CodeBuild's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables by name, whatever their value, are
 * CodeBuild.NoPlaintextAwsCredentials's.
 * - given variables, user data or a definition without secrets, then PASS
 * - given secrets as references: a `Ref`/`Fn::GetAtt`/`Fn::ImportValue` value, a
 *   `{{resolve:secretsmanager:...}}` or `{{resolve:ssm-secure:...}}` dynamic reference, the ARN or
 *   parameter path of a secret, ECS `Secrets`, CodeBuild PARAMETER_STORE / SECRETS_MANAGER variables,
 *   or a whole environment from an intrinsic, then PASS (the value is fetched at deploy or run time)
 * - given a literal under a secret-like name (`DB_PASSWORD: 'hunter2'`), or a known credential
 *   format anywhere in a value, then FAIL (the message masks each value: its first four characters
 *   at most, then ***)
 * - given a secret-like CodeBuild variable whose Type is an intrinsic, then UNVERIFIABLE
 * - given no environment variables (or an empty map), no user data, no definition, then N/A
 */
const noPlaintextSecrets: Control = {
  id: 'General.NoPlaintextSecrets',
  title: 'No credentials, keys, tokens or passwords written as literals into environments, user data or definitions',
  resourceTypes: [
    LAMBDA_FUNCTION, SAM_FUNCTION, TASK_DEFINITION, INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, CODEBUILD_PROJECT,
    STATE_MACHINE, SAM_STATE_MACHINE,
  ],
  citations: ['164.312(a)(1)', '164.312(d)', '164.308(a)(5)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Keep the secret in Secrets Manager (or an SSM SecureString) and pass a reference: ecs.Secret.fromSecretsManager(), '
    + 'a CodeBuild variable of type SECRETS_MANAGER, the secret\'s ARN for the code to read, or the instance role instead of AWS keys.',
  rationale: 'A literal credential is readable by everyone who can read the template, the stack, the function or task configuration, '
    + 'and it cannot be rotated without a deploy; whoever holds it is authenticated as the system it opens, PHI stores included.',
  check: (r) => {
    const result = scan(r);
    if (!result.applies) return notApplicable();
    if (result.found.length > 0) {
      return fail(`${result.found.length === 1 ? 'a secret is' : `${result.found.length} secrets are`} written in plain sight: `
        + `${result.found.map(describeFinding).join('; ')}.`);
    }
    if (result.uncertain.length > 0) {
      return unverifiable(`the Type of ${result.uncertain.map((f) => f.where).join(', ')} cannot be resolved at synth, so whether its secret-like value `
        + 'is stored in plaintext is unknown.');
    }
    return pass();
  },
};

/** Controls that find secrets written into templates, across services. */
export const SECRETS_IN_PLAIN_SIGHT_CONTROLS: readonly Control[] = [
  noPlaintextSecrets,
];
