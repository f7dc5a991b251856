import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { dig, isIntrinsic, joinedLiteral, list, str, UNKNOWN } from './values';

const PROJECT = 'AWS::CodeBuild::Project';
const SECRETS_CITATIONS = ['164.312(a)(1)', '164.312(d)', '164.308(a)(5)(ii)(D)'];

/** The environment variables the AWS SDKs and CLI read credentials from. */
const AWS_CREDENTIAL_NAMES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
/** A long-term (AKIA) or temporary (ASIA) access key id. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

/**
 * CodeBuild.NoPlaintextAwsCredentials: AWS credentials are not plaintext environment variables of a build project.
 * - given no AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN variable, then PASS
 * - given such a variable of Type PARAMETER_STORE or SECRETS_MANAGER, then PASS
 * - given such a variable of Type PLAINTEXT, or with no Type (CodeBuild's default is PLAINTEXT), then FAIL
 * - given a PLAINTEXT variable, under any name, whose value is an access key id (AKIA... or ASIA...), then FAIL
 * - given EnvironmentVariables, or a variable's Name or Type, from a parameter, then UNVERIFIABLE
 */
const noPlaintextAwsCredentials: Control = {
  id: 'CodeBuild.NoPlaintextAwsCredentials',
  title: 'CodeBuild project keeps AWS credentials out of plaintext environment variables',
  resourceTypes: [PROJECT],
  citations: SECRETS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  nagRule: 'CodeBuildProjectEnvVarAwsCred',
  fix: 'Let the build use the project role (permissions via project.addToRolePolicy or grants) instead of access keys, '
    + 'or pass them with BuildEnvironmentVariableType.SECRETS_MANAGER.',
  rationale: 'Plaintext environment variables are shown to anyone who can read the project; leaked access keys give their holder the key owner\'s access to PHI.',
  check: (r) => {
    const variables = list(dig(r.properties, 'Environment', 'EnvironmentVariables'));
    if (variables === UNKNOWN) return unverifiable('Environment.EnvironmentVariables cannot be resolved at synth.');
    const exposed: string[] = [];
    let unknown = false;
    for (const variable of variables) {
      if (isIntrinsic(variable)) {
        unknown = true;
        continue;
      }
      const name = str(variable?.Name);
      const type = str(variable?.Type) ?? 'PLAINTEXT';
      const value = str(variable?.Value);
      const credentialName = typeof name === 'string' && AWS_CREDENTIAL_NAMES.has(name.toUpperCase());
      const keyValue = typeof value === 'string' && ACCESS_KEY_ID.test(value);
      if (!credentialName && !keyValue) {
        if (name === UNKNOWN) unknown = true;
        continue;
      }
      if (type === UNKNOWN) unknown = true;
      else if (type === 'PLAINTEXT') exposed.push(typeof name === 'string' ? name : '(a variable)');
    }
    if (exposed.length > 0) {
      return fail(`${exposed.join(', ')} ${exposed.length === 1 ? 'holds' : 'hold'} AWS credentials in a PLAINTEXT environment variable, readable by anyone who can read the project.`);
    }
    return unknown ? unverifiable('the name or type of an environment variable cannot be resolved at synth.') : pass();
  },
};

/** Source types whose Location is a repository URL. */
const REPOSITORY_SOURCES = new Set(['GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET', 'GITLAB', 'GITLAB_SELF_MANAGED', 'CODECOMMIT']);
/** `scheme://user[:password]@host`: credentials in the URL's user info. */
const USER_INFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;
/** A token or password passed as a query parameter. */
const SECRET_QUERY = /[?&](access_token|private_token|token|password)=/i;

/**
 * CodeBuild.SourceNoCredentialsInUrl: repository URLs of the project's sources carry no credentials.
 * Checks what AWS Config's CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK checks: a GitHub, GitHub Enterprise,
 * Bitbucket, GitLab or CodeCommit source (Source and every SecondarySources entry) whose Location embeds a
 * user name and password or a personal access token (`https://user:password@...`, `https://<token>@...`,
 * `?access_token=`). cdk-nag's rule of that name instead fails every project whose Source.Auth is not OAUTH,
 * a property CloudFormation documents for the console's use; credentials stored with
 * GitHubSourceCredentials or a CodeStar connection are what both ask for.
 * - given repository sources whose Location has no user info and no token query parameter (Source.gitHub()), then PASS
 * - given a Location (Source or a secondary source) such as https://user:password@bitbucket.org/... or https://ghp_...@github.com/..., then FAIL
 * - given no repository source (S3, CodePipeline, no source), then N/A
 * - given a repository source's Location from a parameter, then UNVERIFIABLE
 */
const sourceNoCredentialsInUrl: Control = {
  id: 'CodeBuild.SourceNoCredentialsInUrl',
  title: 'CodeBuild source repository URLs carry no credentials',
  resourceTypes: [PROJECT],
  citations: SECRETS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  nagRule: 'CodeBuildProjectSourceRepoUrl',
  fix: 'Use a plain repository URL (codebuild.Source.gitHub({ owner, repo })) and store the token with codebuild.GitHubSourceCredentials '
    + 'or a CodeStar connection.',
  rationale: 'A token in a source URL is shown to anyone who can read the project, and it opens the repository, and the code that handles PHI, to them.',
  check: (r) => {
    const secondary = list(r.properties.SecondarySources);
    if (secondary === UNKNOWN) return unverifiable('SecondarySources cannot be resolved at synth.');
    const sources = [r.properties.Source, ...secondary].filter((s) => s !== undefined);
    const exposed: string[] = [];
    let checked = 0;
    let unknown = false;
    for (const source of sources) {
      if (isIntrinsic(source)) {
        unknown = true;
        continue;
      }
      const type = str(source?.Type);
      const rawLocation = source?.Location;
      if (rawLocation === undefined || (typeof type === 'string' && !REPOSITORY_SOURCES.has(type))) continue;
      checked++;
      const location = typeof rawLocation === 'string' ? rawLocation : joinedLiteral(rawLocation);
      if (location === undefined) unknown = true;
      else if (USER_INFO.test(location) || SECRET_QUERY.test(location)) exposed.push(source?.SourceIdentifier ?? 'the primary source');
    }
    if (exposed.length > 0) {
      return fail(`the Location of ${exposed.join(', ')} embeds credentials (a user name and password, or a token) in the repository URL.`);
    }
    if (unknown) return unverifiable('a source or its Location cannot be resolved at synth.');
    return checked === 0 ? notApplicable() : pass();
  },
};

/** Controls for CodeBuild projects. */
export const CODEBUILD_CONTROLS: readonly Control[] = [
  noPlaintextAwsCredentials,
  sourceNoCredentialsInUrl,
];
