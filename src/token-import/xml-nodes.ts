// The XML side of reading a PSKC file: parsing with fast-xml-parser (no DTD, no entity expanded)
// into plain nodes, and the small readers of elements, attributes and values pskc.ts uses.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkTokenFileSize, TokenFileError } from './imported-token.ts';

/**
 * Elements are arrays whatever their count, names lowercase without their namespace prefix:
 * RFC 6030's examples use both the default namespace and `pskc:`, and privacyIDEA writes its
 * export through an HTML parser that lowercases every element and attribute name. Values stay
 * text (a serial "0012" is not a number), and no entity is expanded: the five XML ones and
 * character references are decoded here, and a DTD is refused before parsing.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  transformTagName: (name) => name.toLowerCase(),
  transformAttributeName: (name) => name.toLowerCase(),
});

export type XmlNode = Readonly<Record<string, unknown>>;

export function parseContainer(xml: string): XmlNode {
  checkTokenFileSize(xml);
  const document = xml.replace(/^\uFEFF/, '');
  // No DTD, so no external or expanding entity, whatever the parser would do with one.
  if (/<!DOCTYPE|<!ENTITY/i.test(document)) {
    throw new TokenFileError('the file has a DOCTYPE or ENTITY declaration, which a PSKC file never needs', 'malformed');
  }
  const validation = XMLValidator.validate(document);
  if (validation !== true) {
    throw new TokenFileError(`the file is not well-formed XML (line ${validation.err.line}: ${validation.err.msg})`, 'malformed');
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(document);
  } catch (error) {
    throw new TokenFileError(`the file cannot be parsed as XML (${error instanceof Error ? error.message : String(error)})`, 'malformed');
  }
  const containers = elements(asNode(parsed), 'keycontainer');
  if (containers.length !== 1 || containers[0] === undefined) throw new TokenFileError('the file is not PSKC: it has no <KeyContainer>', 'malformed');
  return containers[0];
}

export function asNode(value: unknown): XmlNode {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as XmlNode;
  // An empty element can come back as its (empty) text.
  return { '#text': typeof value === 'string' ? value : '' };
}

export function elements(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node === undefined || !Object.hasOwn(node, name) ? undefined : node[name];
  return Array.isArray(value) ? value.map(asNode) : [];
}

/** The first element at `path` under `node`. */
export function element(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = elements(current, name)[0];
  return current;
}

export function text(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const value = node['#text'];
  return typeof value === 'string' ? decodeReferences(value).trim() : '';
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? decodeReferences(value) : undefined;
}

const predefined: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five predefined entities and character references; nothing a DTD could define. */
function decodeReferences(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (reference: string, name: string) => {
    if (!name.startsWith('#')) return predefined[name] ?? reference;
    const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    if (code > 0x10ffff) throw new TokenFileError(`the file has an invalid character reference ${reference}`, 'malformed');
    return String.fromCodePoint(code);
  });
}

// ---- Values

/** Strict base64 (line breaks and spaces inside allowed, as in RFC 6030's examples). */
export function decodeBase64(value: string | undefined): Buffer | undefined {
  const compact = value?.replace(/\s+/g, '');
  if (compact === undefined || compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

export function positiveInteger(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[0-9]{1,9}$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number > 0 ? number : undefined;
}

export const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());
