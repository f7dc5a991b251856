/** A CloudFormation template to check, with what is known of where it came from. */
export interface LoadedTemplate {
  /** A name for reports: the stack's display name in a cloud assembly, else the file name. */
  readonly name: string;
  /** The file it was read from, if any. */
  readonly file?: string;
  /** The parsed template. */
  readonly template: any;
  /** Identifies the stack: resources of one template share it (the stack's construct path in a cloud assembly). */
  readonly stackKey: string;
  /** The stack's account, when known. */
  readonly account?: string;
  /** The stack's region, when known. */
  readonly region?: string;
  /** Line (1-based) of each resource's logical id key in the file. */
  readonly lines?: ReadonlyMap<string, number>;
  /** Construct path of each resource, by logical id (cloud assemblies only). */
  readonly constructPaths?: ReadonlyMap<string, string>;
  /**
   * Values of the template's parameters given by the parent stack's `AWS::CloudFormation::Stack`
   * resource (nested stacks in a cloud assembly): `{ Ref }` to them reads as the parent's value.
   */
  readonly parameterValues?: { readonly [name: string]: unknown };
  /** The stack key of the template `parameterValues` are written in. */
  readonly parentStackKey?: string;
  /** The logical id of the parent's `AWS::CloudFormation::Stack` resource that deploys this template (nested stacks). */
  readonly parentLogicalId?: string;
}

/** Metadata a cloud assembly records on a construct path (acknowledgements, data classification). */
export interface PathMetadata {
  /** Construct path without the leading slash. */
  readonly path: string;
  readonly type: string;
  readonly data: unknown;
}

/** What evaluateTemplates reads: templates, and the cloud assembly metadata if they came from one. */
export interface TemplateInputs {
  readonly templates: readonly LoadedTemplate[];
  /** Construct metadata of the cloud assembly (empty for plain template files). */
  readonly metadata?: readonly PathMetadata[];
  /**
   * Parameter values to deploy with (a `--parameters` file): `{ Ref }` to a parameter a top-level
   * template declares reads as the value given here, else as the parameter's `Default`, else stays
   * unresolved. Nested stacks read their parent's values instead.
   */
  readonly parameters?: { readonly [name: string]: unknown };
}
