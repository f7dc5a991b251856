/**
 * What a credential written into a template looks like: the known formats, the names that announce
 * a secret, and what counts as a reference to one. Kept small and in one place on purpose: each
 * pattern has a test, and a pattern that fires on ordinary configuration costs more trust than a
 * missed exotic token format. (No npm package fits: the maintained scanners are ESM-only, file- and
 * async-oriented, and a jsii library would have to bundle them.)
 */

/** A credential found in a text. */
export interface SecretMatch {
  /** What it is, e.g. `AWS access key id`. */
  readonly kind: string;
  /** The secret part of the match (the password of a URL, the key itself). */
  readonly secret: string;
}

interface FormatPattern {
  readonly kind: string;
  readonly pattern: RegExp;
  /** The capture group that holds the secret (0: the whole match). */
  readonly group?: number;
}

/** Known credential formats, each recognizable without context. */
const FORMATS: readonly FormatPattern[] = [
  { kind: 'AWS access key id', pattern: /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/ },
  {
    kind: 'AWS secret access key',
    pattern: /\baws_?secret_?(?:access_?)?key(?:_?id)?["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i,
    group: 1,
  },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]{16,}/ },
  { kind: 'Stripe secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/ },
  // scheme://user:password@host: the password is group 1
  { kind: 'password in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"'<>]+:([^\s@/"'<>]+)@[^\s/"'<>]+/i, group: 1 },
];

/** A placeholder for a value supplied at deploy or run time: `${X}`, `$X`, `$(cmd)`, `{{resolve:...}}`, `<password>`. */
const PLACEHOLDER = /^(\$\{[^}]*\}|\$[A-Za-z_]\w*|\$\(.*\)|\{\{resolve:.*\}\}|\{%.*%\}|<[^>]*>|%s|\*+)$/s;

/** The known credential formats in a text (first match of each kind). */
export function findKnownSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const format of FORMATS) {
    const m = format.pattern.exec(text);
    if (!m) continue;
    const secret = m[format.group ?? 0];
    if (PLACEHOLDER.test(secret)) continue;
    found.push({ kind: format.kind, secret });
  }
  return found;
}

/** Words of a name: `dbPassword`, `DB_PASSWORD`, `db-password` → `db`, `password`. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** Words that announce a secret when they are among the last three words of a name. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'privatekey', 'credential', 'credentials', 'authorization',
]);
/** Abbreviations that announce a secret only as the last word (`DB_PASS`, not `PASS_THROUGH`). */
const SECRET_LAST_WORDS = new Set(['pass', 'pwd', 'pw']);
/** Two-word names that announce a secret (`api key`, `private key`, `client secret`...), among the last three words. */
const SECRET_PAIRS = new Set(['api key', 'private key', 'secret key', 'signing key', 'encryption key', 'master key', 'auth key', 'access key']);
/**
 * Last words of names that hold something about a secret, not the secret: `SECRET_ARN`,
 * `TOKEN_URL`, `PASSWORD_PARAMETER`, `API_KEY_HEADER`, `TOKEN_TTL`, `SECRETS_MANAGER_TIMEOUT_MILLIS`, `ENCRYPTION_KEY_ALIAS`, `TOKEN_SIGNING_ALG`.
 */
const NOT_SECRET_SUFFIXES = new Set([
  'arn', 'arns', 'name', 'names', 'id', 'ids', 'param', 'parameter', 'path', 'url', 'uri', 'endpoint', 'host', 'port', 'ttl', 'expiry',
  'expiration', 'expires', 'seconds', 'millis', 'ms', 'timeout', 'length', 'size', 'type', 'header', 'headers', 'field', 'region', 'file',
  'location', 'prefix', 'enabled', 'version', 'rotation', 'policy', 'mode', 'provider', 'issuer', 'audience', 'user', 'username', 'min',
  'max', 'count', 'stdin', 'level', 'connections', 'manager', 'store', 'format', 'algorithm', 'alg', 'scope', 'scopes', 'alias',
]);

/**
 * True for names such as `DB_PASSWORD`, `apiKey`, `client-secret`, `GITHUB_TOKEN`, `DB_PASS`;
 * false for `SECRET_ARN`, `TOKEN_URL`, `PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL`, `PASS_THROUGH_HEADERS`.
 * `*_KEY_ID` (an access key id) is not secret by itself: the key id format catches the real ones.
 */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0 || NOT_SECRET_SUFFIXES.has(w[w.length - 1])) return false;
  if (SECRET_LAST_WORDS.has(w[w.length - 1])) return true;
  const tail = w.slice(-3);
  if (tail.some((x) => SECRET_WORDS.has(x))) return true;
  for (let i = 0; i + 1 < tail.length; i++) {
    if (SECRET_PAIRS.has(`${tail[i]} ${tail[i + 1]}`)) return true;
  }
  return false;
}

/**
 * True for literal values that point to a secret instead of holding it: CloudFormation dynamic
 * references (`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`), ARNs (of a secret,
 * a parameter, a key), SSM parameter paths (`/app/db/password`), placeholders filled at run time
 * (`${DB_PASSWORD}`), and values that cannot be a credential (empty, booleans, numbers).
 */
export function isReferenceOrHarmless(value: string): boolean {
  const v = value.trim();
  if (v === '' || PLACEHOLDER.test(v) || /^\{\{resolve:/.test(v)) return true;
  if (/^arn:aws[a-z-]*:/.test(v)) return true;
  if (/^\/[\w.-]+(\/[\w.-]+)+$/.test(v)) return true;
  if (/^(true|false|yes|no|on|off|none|null|enabled|disabled)$/i.test(v) || /^-?\d+(\.\d+)?$/.test(v)) return true;
  return false;
}

/**
 * The secrets a named literal value reveals: its known formats, or the whole value when the name
 * announces a secret and the value is not a reference.
 */
export function secretsInNamedValue(name: string, value: string): SecretMatch[] {
  const known = findKnownSecrets(value);
  if (known.length > 0) return known;
  if (isSecretName(name) && !isReferenceOrHarmless(value)) return [{ kind: 'literal value of a secret-like name', secret: value }];
  return [];
}

/**
 * `NAME=value` and `name: value` assignments in a script or config text (user data, cloud-init),
 * for the name rule. Values that start with `$` (shell expansions), `-` (the next option), `<`, or an
 * opening bracket (a nested object) are not literals.
 */
const ASSIGNMENT = /(?:^|[\s;'"{,(])(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:\s)\s*["']?([^\s"'`;&|,}]+)/gm;
/** Command-line options with a value: `--password hunter2`, `--token=abc`. */
const OPTION = /(?:^|\s)--?([A-Za-z][\w-]*)(?:=|\s+)["']?([^\s"'`;&|]+)/gm;

/** The secrets of a free text: known formats, then assignments to secret-like names. */
export function secretsInText(text: string): Array<SecretMatch & { readonly name?: string }> {
  const found: Array<SecretMatch & { readonly name?: string }> = [...findKnownSecrets(text)];
  const seen = new Set(found.map((f) => f.secret));
  for (const m of [...text.matchAll(ASSIGNMENT), ...text.matchAll(OPTION)]) {
    const [, name, value] = m;
    if (seen.has(value) || !isSecretName(name) || isReferenceOrHarmless(value) || /^[-$\\<{[(]/.test(value)) continue;
    seen.add(value);
    found.push({ kind: 'literal value of a secret-like name', secret: value, name });
  }
  return found;
}

/** A masked secret: its first characters (four at most, a third of it at most) then `***`. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 3)))}***`;
}

/**
 * The text of a literal base64 value (EC2 user data written already encoded), or undefined when the
 * value is not base64 of printable text.
 */
export function decodeBase64Text(value: string): string | undefined {
  const v = value.replace(/\s+/g, '');
  if (v.length < 8 || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return undefined;
  const text = Buffer.from(v, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[^\x09\x0a\x0d\x20-\x7e]/g, '').length;
  return printable / text.length > 0.95 ? text : undefined;
}
