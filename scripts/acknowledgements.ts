/**
 * Every acknowledgement the library's constructs carry with their defaults, found by building
 * each construct in a fresh stack and reading the acknowledgement metadata CDK records.
 * scripts/docs.ts lists them in the README, so the list can never drift from the code.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as lib from '../src';
import { FIXTURE_IDS, LIBRARY_CONSTRUCTS } from '../test/library-constructs';

export interface CarriedAcknowledgement {
  /** The library construct that makes it, e.g. `EncryptedBucket`. */
  readonly construct: string;
  /** Path below that construct where it is recorded ('' for the construct itself). */
  readonly at: string;
  /** The acknowledged id, e.g. `HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS`. */
  readonly id: string;
  readonly reason: string;
}

const BUILDERS = LIBRARY_CONSTRUCTS;
const L = lib as any;

export function libraryAcknowledgements(): CarriedAcknowledgement[] {
  const seen = new Set<string>();
  const out: CarriedAcknowledgement[] = [];
  for (const [name, build] of Object.entries(BUILDERS)) {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    build(stack);
    const fixtures = FIXTURE_IDS.map((id) => stack.node.tryFindChild(id)).filter((c): c is IConstruct => c !== undefined);
    // AccountBaselineStackSet builds its baseline in an app of its own: its acknowledgements are the construct's too.
    const baselines = stack.node.findAll()
      .filter((c): c is lib.AccountBaselineStackSet => c instanceof lib.AccountBaselineStackSet)
      .map((c) => c.baselineStack);
    for (const c of [stack, ...baselines].flatMap((root) => root.node.findAll())) {
      if (fixtures.some((f) => c.node.scopes.includes(f))) continue;
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          const owner = owningConstruct(c);
          const at = relativePath(owner.construct, c);
          const key = `${owner.name}|${at}|${id}|${reason}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ construct: owner.name === 'Stack' ? name : owner.name, at, id, reason });
        }
      }
    }
  }
  return out.sort((a, b) => `${a.construct}|${a.at}|${a.id}`.localeCompare(`${b.construct}|${b.at}|${b.id}`));
}

/** The nearest enclosing construct that is one of the library's public classes. */
function owningConstruct(c: IConstruct): { name: string; construct: IConstruct } {
  const scopes = [...c.node.scopes].reverse();
  for (const s of scopes) {
    const name = s.constructor.name;
    if (name in BUILDERS || (L[name] && s instanceof L[name])) return { name, construct: s };
  }
  return { name: 'Stack', construct: Stack.of(c) };
}

function relativePath(owner: IConstruct, c: IConstruct): string {
  if (owner === c) return '';
  return c.node.path.slice(owner.node.path.length + 1);
}
