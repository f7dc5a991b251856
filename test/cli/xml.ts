/** An XML element, as the small parser below reads it. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  /** The text directly inside, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    if (ENTITIES[e] === undefined) throw new Error(`unknown entity ${m}`);
    return ENTITIES[e];
  });
}

/**
 * Parses the XML subset a JUnit report uses (declaration, elements, attributes, text), strictly:
 * throws on a raw `<` or `&` in text or attributes, unbalanced tags or a second root element.
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (declaration) i = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`unbalanced </${name}> at ${i}`);
      i = end + 1;
    } else if (xml[i] === '<') {
      const m = /^<([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(i));
      if (!m) throw new Error(`malformed tag at ${i}: ${xml.slice(i, i + 40)}`);
      const attributes: Record<string, string> = {};
      for (const a of m[2].matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);)/.test(a[2])) throw new Error(`raw & in attribute ${a[1]}`);
        attributes[a[1]] = decode(a[2]);
      }
      const element: XmlElement = { name: m[1], attributes, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new Error('a second root element');
      else root = element;
      if (m[3] !== '/') stack.push(element);
      i += m[0].length;
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? xml.length : next);
      if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);)/.test(raw) || raw.includes('>')) throw new Error(`unescaped text: ${raw}`);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error(`text outside the root: ${raw}`);
      } else {
        stack[stack.length - 1].text += decode(raw);
      }
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements');
  return root;
}
