/**
 * The README's reference tables cannot drift: they are checked against the
 * custom-elements manifest generated from the element's JSDoc, and the proxy's
 * settings table against the variables proxy/config.ts reads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: { name: string; fieldName?: string }[];
  members: { kind: string; name: string; privacy?: string; static?: boolean }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
  slots?: { name: string }[];
}
const manifest = JSON.parse(read('dist/custom-elements.json')) as { modules: { declarations: Declaration[] }[] };
const element = manifest.modules.flatMap((module) => module.declarations).find((declaration) => declaration.tagName === 'totebot-chat')!;

/** The lines of the README section that starts with `heading`, up to the next heading of any level. */
function section(heading: string): string {
  const start = readme.indexOf(`${heading}\n`);
  assert.notEqual(start, -1, `README has "${heading}"`);
  const lines: string[] = [];
  let inFence = false;
  for (const line of readme.slice(start + heading.length + 1).split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    // A `#` line inside a code block is a shell comment, not a heading.
    if (!inFence && /^#{1,4} /.test(line)) break;
    lines.push(line);
  }
  return lines.join('\n');
}

/** The code spans in the first cell of each table row of a section. */
function firstColumn(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

const codeSpans = (text: string) => new Set([...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));

describe('the custom-elements manifest', () => {
  it('lists one custom element, <totebot-chat>: its settings base class is no element of its own', () => {
    const elements = manifest.modules.flatMap((module) => module.declarations).filter((declaration) => declaration.customElement);
    assert.deepEqual(elements.map((declaration) => declaration.tagName), ['totebot-chat']);
  });
});

describe('README reference tables', () => {
  it('list exactly the attributes the manifest has', () => {
    const documented = firstColumn(section('### Attributes and properties')).filter((name) => !/[A-Z]/.test(name) || name.includes('-'));
    const expected = element.attributes!.map((attribute) => attribute.name).sort();
    assert.deepEqual([...new Set(documented)].sort(), expected);
  });

  it('list every public property', () => {
    const table = section('### Attributes and properties');
    const spans = codeSpans(table);
    const properties = element.members.filter((member) => member.kind === 'field' && !member.privacy && !member.static).map((member) => member.name);
    assert.deepEqual(properties.filter((name) => !spans.has(name)), []);
  });

  it('list exactly the public methods', () => {
    const documented = firstColumn(section('### Methods')).map((name) => name.replace(/\(.*$/, '')).sort();
    const methods = element.members.filter((member) => member.kind === 'method' && !member.privacy && !member.static).map((member) => member.name);
    assert.deepEqual([...new Set(documented)].sort(), [...new Set(methods)].sort());
  });

  it('list exactly the events', () => {
    const documented = firstColumn(section('### Events')).sort();
    assert.deepEqual(documented, element.events!.map((event) => event.name).sort());
  });

  it('name every part, custom property and slot', () => {
    const styling = codeSpans(section('### Styling'));
    const missing = [
      ...element.cssParts!.map((part) => part.name),
      ...element.cssProperties!.map((property) => property.name),
      ...element.slots!.map((slot) => slot.name),
    ].filter((name) => !styling.has(name));
    assert.deepEqual(missing, []);
  });

  it('list exactly the environment variables the proxy reads', () => {
    const read = new Set([...readFileSync(new URL('../../proxy/config.ts', import.meta.url), 'utf8').matchAll(/env\.([A-Z_]+)/g)].map((match) => match[1]!));
    const documented = new Set(firstColumn(section('## Run the proxy against the real API')).filter((name) => /^[A-Z_]+$/.test(name)));
    assert.deepEqual([...documented].sort(), [...read].sort());
  });
});
