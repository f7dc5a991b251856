import * as YAML from 'yaml';

/** A parsed template file: its contents and the line of each resource's logical id key. */
export interface ParsedTemplate {
  readonly template: any;
  readonly lines: Map<string, number>;
}

/**
 * Parses a CloudFormation template, JSON or YAML (with the short-form intrinsic tags `!Ref`,
 * `!GetAtt`, `!Sub`, ...), and finds the line each resource starts on.
 *
 * @throws when the text is neither valid JSON nor valid YAML, or is not a template (an object)
 */
export function parseTemplate(text: string, file: string): ParsedTemplate {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let template: any;
    try {
      template = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    return { template: asTemplate(template, file), lines: jsonResourceLines(text) };
  }
  return parseYaml(text, file);
}

function asTemplate(value: unknown, file: string): any {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}: not a CloudFormation template (expected an object)`);
  return value;
}

/**
 * The line (1-based) of every key directly inside the top-level `Resources` object of a JSON text,
 * by one pass over its characters (JSON.parse keeps no positions).
 */
export function jsonResourceLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  let depth = 0;
  let topKey: string | undefined;
  let inResources = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r' || text[j] === '\n')) j++;
      if (text[j] !== ':') continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      if (depth === 1) topKey = key;
      else if (depth === 2 && inResources && !lines.has(key)) lines.set(key, line);
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2) inResources = c === '{' && topKey === 'Resources';
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < 2) inResources = false;
    }
  }
  return lines;
}

/** CloudFormation's short-form tags and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

function parseYaml(text: string, file: string): ParsedTemplate {
  const lineCounter = new YAML.LineCounter();
  // The YAML 1.2 core schema: `yes`/`no` and dates stay strings, as CloudFormation reads them.
  const doc = YAML.parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(`${file}: not valid YAML: ${doc.errors[0].message}`);
  for (const warning of doc.warnings) {
    const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1];
    if (tag !== undefined && !Object.prototype.hasOwnProperty.call(SHORT_FORMS, tag)) {
      throw new Error(`${file}: ${tag} is not a CloudFormation intrinsic function tag`);
    }
  }
  const template = asTemplate(toValue(doc.contents), file);
  const lines = new Map<string, number>();
  const root = doc.contents;
  if (YAML.isMap(root)) {
    const resources = root.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'Resources');
    if (resources && YAML.isMap(resources.value)) {
      for (const pair of resources.value.items) {
        if (YAML.isScalar(pair.key) && pair.key.range && !lines.has(String(pair.key.value))) {
          lines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
        }
      }
    }
  }
  return { template, lines };
}

/** The JSON value of a YAML node, with short-form tags turned into their long form. */
function toValue(node: unknown): any {
  if (node === null || node === undefined) return null;
  if (YAML.isAlias(node)) throw new Error('YAML aliases are not supported in CloudFormation templates');
  let value: any;
  if (YAML.isScalar(node)) {
    value = node.value;
  } else if (YAML.isSeq(node)) {
    value = node.items.map(toValue);
  } else if (YAML.isMap(node)) {
    value = {};
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(toValue(pair.key));
      value[key] = toValue(pair.value);
    }
  } else {
    return null;
  }
  const tag = (node as YAML.Scalar | YAML.YAMLSeq | YAML.YAMLMap).tag;
  const long = tag ? SHORT_FORMS[tag] : undefined;
  if (!long) return value;
  // `!GetAtt Resource.Attribute`: the long form takes [Resource, Attribute].
  if (long === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [long]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [long]: value };
}
