import * as fs from 'fs';
import * as path from 'path';
import { HipaaDataMap } from '../dataflow';
import { TemplateInputs } from '../engine/template';

/** The file extensions of a data map, as HipaaAspect writes them: `<name>.hipaa-data-map.<ext>`. */
export const DATA_MAP_EXTENSIONS = ['json', 'md', 'mmd', 'svg'] as const;

/** The name of the map of several templates. */
export const COMBINED_NAME = 'combined';

/**
 * The file name the map of the inputs is written under: the template's name when one top-level
 * template is given (the stack's name in a cloud assembly, so that the files are named as the
 * aspect names them; a file's name without `.template.json`, `.json`, `.yaml`...), else `combined`.
 */
export function dataMapName(inputs: TemplateInputs): string {
  const topLevel = inputs.templates.filter((t) => t.parentStackKey === undefined);
  if (topLevel.length !== 1) return COMBINED_NAME;
  const t = topLevel[0];
  const name = t.file !== undefined && t.name === path.basename(t.file) ? t.name.replace(/(\.template)?\.(json|ya?ml|template)$/i, '') : t.name;
  return name.replace(/[^A-Za-z0-9._-]+/g, '-') || COMBINED_NAME;
}

/**
 * Writes the PHI inventory and data-flow map of the inputs into `dir` (created if need be): one
 * map of all the paths read together, as `HipaaDataMap.fromFiles` builds it, so that flows between
 * templates are drawn.
 *
 * @param paths the inputs as given (absolute)
 * @param dir the directory, absolute
 * @returns the files written
 * @throws when the directory cannot be created or written to
 */
export function writeDataMap(paths: readonly string[], inputs: TemplateInputs, dir: string): string[] {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new Error('it is a file, not a directory');
  const map = HipaaDataMap.fromFiles([...paths]);
  const name = dataMapName(inputs);
  const content: Record<typeof DATA_MAP_EXTENSIONS[number], () => string> = {
    json: () => map.toJson(),
    md: () => map.toMarkdown(),
    mmd: () => map.toMermaid(),
    svg: () => map.toSvg(),
  };
  const rendered = DATA_MAP_EXTENSIONS.map((ext) => ({ file: path.join(dir, `${name}.hipaa-data-map.${ext}`), text: content[ext]() }));
  fs.mkdirSync(dir, { recursive: true });
  for (const r of rendered) fs.writeFileSync(r.file, r.text);
  return rendered.map((r) => r.file);
}
