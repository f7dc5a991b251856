/**
 * A strict well-formedness check for the XML this library writes (no DTDs, no CDATA, no processing
 * instructions): elements nest and close, attributes are quoted and unique, text and attribute
 * values escape `<` and `&`. Throws with the offset of the first problem.
 */
export function assertWellFormedXml(xml: string): { root: string; elements: number } {
  const stack: string[] = [];
  let root: string | undefined;
  let elements = 0;
  const NAME = '[A-Za-z_][\\w.:-]*';
  const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
  const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at ${i}: ${why}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  const checkEntities = (text: string) => {
    for (let j = text.indexOf('&'); j >= 0; j = text.indexOf('&', j + 1)) if (!ENTITY.test(text.slice(j))) fail('unescaped &');
  };
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length === 0 && text.trim() !== '') fail('text outside the root element');
      checkEntities(text);
      if (text.includes('>') && stack.length === 0) fail('stray >');
      i = next < 0 ? xml.length : next;
      continue;
    }
    const match = TAG.exec(xml.slice(i));
    if (!match) fail('malformed tag');
    const [whole, closing, name, attributes, selfClosing] = match!;
    if (closing) {
      if (attributes.trim() !== '' || selfClosing) fail('closing tag with attributes');
      if (stack.pop() !== name) fail(`</${name}> closes nothing open`);
    } else {
      if (stack.length === 0 && root !== undefined) fail('a second root element');
      root ??= name;
      elements++;
      const names = [...attributes.matchAll(new RegExp(`(${NAME})\\s*=`, 'g'))].map((m) => m[1]);
      if (new Set(names).size !== names.length) fail('duplicate attribute');
      checkEntities(attributes);
      if (!selfClosing) stack.push(name);
    }
    i += whole.length;
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (root === undefined) fail('no root element');
  return { root: root!, elements };
}
