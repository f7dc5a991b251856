/**
 * What the engine can decide of a template before CloudFormation runs it: the value of each
 * parameter (given, or its `Default`), the conditions over those values, and the branch of each
 * `Fn::If` they choose. Whatever depends on something unknown (a parameter without a value, a
 * pseudo parameter, an import) stays as the intrinsic it is, so that the controls report it as
 * unverifiable.
 */

/** Parameter types whose `Default` names a Systems Manager parameter, not the value. */
const SSM_PARAMETER_TYPE = /^AWS::SSM::Parameter::Value</;

/** Returned for a branch that is `{ Ref: AWS::NoValue }`: the property (or list item) is left out. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** How one template reads: its parameters' values and its conditions. */
export class TemplateResolver {
  private readonly values = new Map<string, unknown>();
  private readonly conditions: Record<string, unknown>;
  private readonly decided = new Map<string, boolean | undefined>();
  private readonly deciding = new Set<string>();

  /**
   * @param template the parsed template
   * @param given parameter values (from the parent stack, or a `--parameters` file); they win over
   *   each parameter's `Default`. Only the template's declared parameters are read from it, except
   *   when `givenAreDeclared` (a nested stack's values, which CDK writes for its own parameters).
   */
  constructor(template: any, given: { readonly [name: string]: unknown } = {}, givenAreDeclared = false) {
    const declared = isObject(template?.Parameters) ? template.Parameters : {};
    for (const [name, p] of Object.entries<any>(declared)) {
      if (Object.prototype.hasOwnProperty.call(given, name)) continue;
      if (!isObject(p) || p.Default === undefined || p.Default === null) continue;
      if (typeof p.Type === 'string' && SSM_PARAMETER_TYPE.test(p.Type)) continue;
      this.values.set(name, parameterValue(p.Type, p.Default));
    }
    for (const [name, value] of Object.entries(given)) {
      if (givenAreDeclared) this.values.set(name, value);
      else if (Object.prototype.hasOwnProperty.call(declared, name)) this.values.set(name, parameterValue(declared[name]?.Type, value));
    }
    this.conditions = isObject(template?.Conditions) ? template.Conditions : {};
  }

  /** Whether a parameter has a value (given or default). */
  public hasValue(name: string): boolean {
    return this.values.has(name);
  }

  /**
   * A condition's value: true or false when it is decidable from literals and parameter values;
   * undefined when it depends on something unknown, is not declared or refers to itself.
   */
  public condition(name: string): boolean | undefined {
    if (this.decided.has(name)) return this.decided.get(name);
    if (this.deciding.has(name) || !Object.prototype.hasOwnProperty.call(this.conditions, name)) return undefined;
    this.deciding.add(name);
    const value = this.decide(this.conditions[name]);
    this.deciding.delete(name);
    this.decided.set(name, value);
    return value;
  }

  /**
   * `value` with every `{ Ref }` to a parameter that has a value replaced by it, every `Fn::If`
   * whose condition is decidable replaced by its branch (a `{ Ref: AWS::NoValue }` branch leaves the
   * property out), and `other` applied to what remains (imports, say).
   */
  public resolve(value: unknown, other?: (v: any) => unknown): any {
    const out = this.visit(value, other);
    return out === NO_VALUE ? undefined : out;
  }

  /** Copies only what changes: a part with nothing to replace is returned as it is. */
  private visit(v: any, other: ((v: any) => unknown) | undefined): any {
    if (Array.isArray(v)) {
      let out: any[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = this.visit(v[i], other);
        if (out === undefined && x !== v[i]) out = v.slice(0, i);
        if (out !== undefined && x !== NO_VALUE) out.push(x);
      }
      return out ?? v;
    }
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      if (k === 'Ref' && typeof v.Ref === 'string' && this.values.has(v.Ref)) return this.values.get(v.Ref);
      if (k === 'Fn::If' && Array.isArray(v[k]) && v[k].length === 3 && typeof v[k][0] === 'string') {
        const chosen = this.condition(v[k][0]);
        if (chosen !== undefined) {
          const branch = v[k][chosen ? 1 : 2];
          if (isObject(branch) && Object.keys(branch).length === 1 && branch.Ref === 'AWS::NoValue') return NO_VALUE;
          return this.visit(branch, other);
        }
      }
      if (other) {
        const replaced = other(v);
        if (replaced !== v) return replaced;
      }
    }
    let out: any;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = this.visit(v[k], other);
      if (out === undefined && x !== v[k]) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]] = v[keys[j]];
      }
      if (out !== undefined && x !== NO_VALUE) out[k] = x;
    }
    return out ?? v;
  }

  /** Three-valued: undefined when the outcome depends on something unknown. */
  private decide(expr: unknown): boolean | undefined {
    if (typeof expr === 'boolean') return expr;
    if (expr === 'true' || expr === 'false') return expr === 'true';
    if (!isObject(expr) || Object.keys(expr).length !== 1) return undefined;
    const [fn] = Object.keys(expr);
    const args = (expr as any)[fn];
    switch (fn) {
      case 'Condition':
        return typeof args === 'string' ? this.condition(args) : undefined;
      case 'Fn::Not': {
        if (!Array.isArray(args) || args.length !== 1) return undefined;
        const inner = this.decide(args[0]);
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(args) || args.length === 0) return undefined;
        const wanted = fn === 'Fn::Or';
        let unknown = false;
        for (const a of args) {
          const d = this.decide(a);
          if (d === wanted) return wanted; // Or: one true decides; And: one false decides
          if (d === undefined) unknown = true;
        }
        return unknown ? undefined : !wanted;
      }
      case 'Fn::Equals': {
        if (!Array.isArray(args) || args.length !== 2) return undefined;
        const [a, b] = args.map((x) => this.resolve(x));
        const la = literal(a);
        const lb = literal(b);
        return la === undefined || lb === undefined ? undefined : la === lb;
      }
      default:
        return undefined;
    }
  }
}

/** A parameter value as CloudFormation passes it: a string, or a list of strings for list types. */
/** A parameter's value as a template reads it: list types split on commas, others as text. */
export function parameterValue(type: unknown, value: unknown): unknown {
  const isList = typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'));
  if (isList) {
    if (Array.isArray(value)) return value.map((x) => String(x));
    return String(value).split(',').map((s) => s.trim());
  }
  if (Array.isArray(value)) return value.map((x) => String(x)).join(',');
  return typeof value === 'object' && value !== null ? value : String(value);
}

/** The comparable form of a resolved value: a string for scalars, JSON for lists of scalars; undefined when it holds an intrinsic. */
function literal(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
    return JSON.stringify(value.map(String));
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
