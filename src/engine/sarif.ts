import * as fs from 'fs';
import * as path from 'path';
import { Control } from '../controls/control';
import { HipaaSeverity } from '../controls/severity';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * What a SARIF result is built from: the fields the `cdk-hipaa` command's template findings and
 * HipaaAspect's findings share.
 */
export interface SarifFinding {
  readonly controlId: string;
  readonly title: string;
  readonly severity: HipaaSeverity;
  readonly status: 'PASS' | 'FAIL' | 'UNVERIFIABLE' | 'ACKNOWLEDGED';
  /** What is wrong (every status but PASS). */
  readonly message?: string;
  /** The template's (or stack's) name. */
  readonly template: string;
  /** The file the result points at: the template, or the source file that created the resource. */
  readonly file?: string;
  /** Line (1-based) in `file`. */
  readonly line?: number;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Construct path of the resource, when known. */
  readonly constructPath?: string;
  /** The acknowledgement's reason (ACKNOWLEDGED). */
  readonly acknowledgedReason?: string;
}

/**
 * A SARIF 2.1.0 log of the findings, for code-scanning tools (GitHub's upload-sarif, say): one run,
 * `rules` as the rules, and a result for every finding but PASS (acknowledged ones as suppressed notes).
 *
 * @param rules the controls to list as rules (every control a result names should be among them)
 * @param cwd the directory artifact locations are relative to
 */
export function renderSarif(findings: readonly SarifFinding[], rules: readonly Control[], version: string, cwd: string): any {
  const ruleIndex = new Map(rules.map((c, i) => [c.id, i]));
  const uris = new Map<string, string>();
  const uriOf = (file: string) => {
    let uri = uris.get(file);
    if (uri === undefined) {
      uri = toUri(path.relative(cwd, file));
      uris.set(file, uri);
    }
    return uri;
  };
  const results = findings.filter((f) => f.status !== 'PASS').map((f) => {
    const level = f.status === 'ACKNOWLEDGED' ? 'note' : f.status === 'FAIL' && f.severity === HipaaSeverity.ERROR ? 'error' : 'warning';
    const text = f.status === 'UNVERIFIABLE' ? `Could not be verified: ${f.message}` : f.message ?? f.title;
    return {
      ruleId: f.controlId,
      ...(ruleIndex.has(f.controlId) ? { ruleIndex: ruleIndex.get(f.controlId) } : {}),
      level,
      message: { text: `${text} (${f.logicalId}, ${f.resourceType})` },
      locations: [{
        ...(f.file ? {
          physicalLocation: {
            artifactLocation: { uri: uriOf(f.file) },
            ...(f.line ? { region: { startLine: f.line } } : {}),
          },
        } : {}),
        logicalLocations: [{
          fullyQualifiedName: f.constructPath ?? `${f.template}/${f.logicalId}`,
          name: f.logicalId,
          kind: 'resource',
        }],
      }],
      ...(f.status === 'ACKNOWLEDGED' ? { suppressions: [{ kind: 'external', justification: f.acknowledgedReason ?? '' }] } : {}),
      properties: { status: f.status, severity: f.severity, resourceType: f.resourceType, template: f.template },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-hipaa',
          version,
          informationUri: 'https://github.com/cdk-hipaa/cdk-hipaa',
          rules: rules.map((c) => ({
            id: c.id,
            name: c.id.replace(/[^A-Za-z0-9]/g, ''),
            shortDescription: { text: c.title },
            ...(c.rationale ? { fullDescription: { text: c.rationale } } : {}),
            help: {
              text: `${c.fix} 45 CFR ${c.citations.join(', ')}.`,
              markdown: `${c.fix}\n\n45 CFR ${c.citations.map((x) => `§${x}`).join(', ')}. Acknowledge with \`Validations.of(construct).acknowledge({ id: 'CdkHipaa::${c.id}', reason })\`.`,
            },
            defaultConfiguration: { level: c.severity === HipaaSeverity.ERROR ? 'error' : 'warning' },
            properties: { tags: [...c.citations], severity: c.severity },
          })),
        },
      },
      results,
    }],
  };
}

/** This library's version, from its package.json ('0.0.0' when it cannot be read). */
export function libraryVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function toUri(relative: string): string {
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}
