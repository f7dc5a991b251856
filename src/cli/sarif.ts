import * as path from 'path';
import { Control } from '../controls/control';
import { TemplateFinding } from '../engine/evaluate';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * A SARIF 2.1.0 log of the findings, for code-scanning tools (GitHub's upload-sarif, say): one run,
 * the catalog as the rules, and a result for every finding but PASS.
 *
 * @param cwd the directory artifact locations are relative to
 */
export function renderSarif(findings: readonly TemplateFinding[], catalog: readonly Control[], version: string, cwd: string): any {
  const ruleIndex = new Map(catalog.map((c, i) => [c.id, i]));
  const results = findings.filter((f) => f.status !== 'PASS').map((f) => {
    const level = f.status === 'ACKNOWLEDGED' ? 'note' : f.status === 'FAIL' && f.severity === 'ERROR' ? 'error' : 'warning';
    const text = f.status === 'UNVERIFIABLE' ? `Could not be verified: ${f.message}` : f.message ?? f.title;
    return {
      ruleId: f.controlId,
      ...(ruleIndex.has(f.controlId) ? { ruleIndex: ruleIndex.get(f.controlId) } : {}),
      level,
      message: { text: `${text} (${f.logicalId}, ${f.resourceType})` },
      locations: [{
        ...(f.file ? {
          physicalLocation: {
            artifactLocation: { uri: toUri(path.relative(cwd, f.file)) },
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
          rules: catalog.map((c) => ({
            id: c.id,
            name: c.id.replace(/[^A-Za-z0-9]/g, ''),
            shortDescription: { text: c.title },
            ...(c.rationale ? { fullDescription: { text: c.rationale } } : {}),
            help: {
              text: `${c.fix} 45 CFR ${c.citations.join(', ')}.`,
              markdown: `${c.fix}\n\n45 CFR ${c.citations.map((x) => `§${x}`).join(', ')}. Acknowledge with \`Validations.of(construct).acknowledge({ id: 'CdkHipaa::${c.id}', reason })\`.`,
            },
            defaultConfiguration: { level: c.severity === 'ERROR' ? 'error' : 'warning' },
            properties: { tags: [...c.citations], severity: c.severity },
          })),
        },
      },
      results,
    }],
  };
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function toUri(relative: string): string {
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}
