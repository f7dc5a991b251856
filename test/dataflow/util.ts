import { DataMapInputs } from '../../src/dataflow/context';
import { buildDataMap } from '../../src/dataflow/data-map';
import { DataFlow, DataMap, InventoryEntry } from '../../src/dataflow/model';
import { LoadedTemplate, PathMetadata } from '../../src/engine/template';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';

/** A template per stack name, read as a cloud assembly would give it (same account and region). */
export function templates(
  stacks: Record<string, Record<string, any>>, options: { constructPaths?: Record<string, Record<string, string>> } = {},
): LoadedTemplate[] {
  return Object.entries(stacks).map(([name, resources]) => ({
    name,
    stackKey: name,
    template: { Resources: resources },
    account: ACCOUNT,
    region: 'us-east-1',
    constructPaths: new Map(Object.entries(options.constructPaths?.[name] ?? {})),
  }));
}

/** The data map of one stack's resources (no findings: the evidence column is evaluated from the templates). */
export function mapOf(
  resources: Record<string, any>, extra: Partial<DataMapInputs> & { metadata?: PathMetadata[]; constructPaths?: Record<string, string> } = {},
): DataMap {
  const inputs: DataMapInputs = {
    templates: templates({ App: resources }, { constructPaths: { App: extra.constructPaths ?? {} } }),
    metadata: extra.metadata ?? [],
    libraryStores: extra.libraryStores ?? [],
    ...(extra.findings ? { findings: extra.findings } : {}),
  };
  return buildDataMap(inputs, { name: 'App' });
}

/** The inventory entry of a logical id; throws when there is none, so a test cannot pass on nothing. */
export function entry(map: DataMap, logicalId: string): InventoryEntry {
  const found = map.inventory.find((e) => e.logicalId === logicalId);
  if (!found) throw new Error(`no inventory entry ${logicalId} in ${map.inventory.map((e) => e.logicalId).join(', ')}`);
  return found;
}

/** The flow between two node ids (resources as `App/<logical id>`); throws when there is none. */
export function flow(map: DataMap, from: string, to: string): DataFlow {
  const found = map.flows.find((f) => f.from === from && f.to === to);
  if (!found) throw new Error(`no flow ${from} -> ${to}; flows: ${map.flows.map((f) => `${f.from} -> ${f.to}`).join('; ')}`);
  return found;
}

export const bucket = (extra: Record<string, any> = {}) => ({ Type: 'AWS::S3::Bucket', Properties: { ...extra } });
export const sg = (extra: Record<string, any> = {}) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, ...extra } });
export const vpc = () => ({ Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
