/** The CDN build's fetch-event-source: the same requests for the options the widget passes, and those options are what every call passes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { FIXED_STREAM_OPTIONS, leanFetchEventSource } from '../../scripts/lean-fetch-event-source.js';

const library = new URL('../../node_modules/@microsoft/fetch-event-source/lib/esm/', import.meta.url);
const fetchModule = readFileSync(new URL('fetch.js', library), 'utf8');

type FetchEventSource = (input: string, options: Record<string | symbol, unknown>) => Promise<void>;

async function lean(): Promise<FetchEventSource> {
  const code = leanFetchEventSource(fetchModule);
  if (code instanceof Error) throw code;
  // A data: module resolves nothing relative: the parser's import points at the library's own file.
  const runnable = code.replace(/from '\.\/parse'/, `from ${JSON.stringify(new URL('parse.js', library).href)}`).replace(/^\/\/# sourceMappingURL=.*$/m, '');
  return ((await import(`data:text/javascript;base64,${Buffer.from(runnable).toString('base64')}`)) as { fetchEventSource: FetchEventSource }).fetchEventSource;
}

/** The library's timers are `window`'s; Node has none, and no `document` (which the lean module does not use). */
function withWindow<T>(run: () => Promise<T>): Promise<T> {
  const global = globalThis as { window?: unknown };
  global.window = globalThis;
  return run().finally(() => delete global.window);
}

describe("the CDN build's fetch-event-source", () => {
  it('sends the request with every option it does not read, its headers, accept and its own signal', async () => {
    const fetchEventSource = await lean();
    const symbol = Symbol('extra');
    const seen: { input?: string; init?: Record<string | symbol, unknown>; opened?: Response } = {};
    await withWindow(() =>
      fetchEventSource('/v1/chat', {
        method: 'POST',
        body: '{}',
        [symbol]: 1,
        headers: { 'content-type': 'application/json' },
        openWhenHidden: true,
        fetch: async (input: string, init: Record<string | symbol, unknown>) => {
          seen.input = input;
          seen.init = init;
          return new Response('', { headers: { 'content-type': 'text/event-stream' } });
        },
        onopen: async (response: Response) => void (seen.opened = response),
      }),
    );
    assert.equal(seen.input, '/v1/chat');
    assert.equal(seen.init?.method, 'POST');
    assert.equal(seen.init?.body, '{}');
    assert.equal(seen.init?.[symbol], 1);
    assert.deepEqual(seen.init?.headers, { 'content-type': 'application/json', accept: 'text/event-stream' });
    assert.ok(seen.init?.signal instanceof AbortSignal);
    for (const read of ['openWhenHidden', 'fetch', 'onopen', 'onmessage', 'onclose', 'onerror']) assert.ok(!(read in seen.init!), read);
    assert.ok(seen.opened instanceof Response);
  });

  it('rejects with what onerror throws, and settles when its signal aborts', async () => {
    const fetchEventSource = await lean();
    const failure = new Error('no network');
    await withWindow(() =>
      assert.rejects(
        fetchEventSource('/v1/chat', {
          openWhenHidden: true,
          fetch: async () => Promise.reject(failure),
          onopen: async () => {},
          onerror: (error: unknown) => {
            throw error;
          },
        }),
        failure,
      ),
    );
    const controller = new AbortController();
    let requestSignal: AbortSignal | undefined;
    const settled = withWindow(() =>
      fetchEventSource('/v1/chat', {
        signal: controller.signal,
        openWhenHidden: true,
        fetch: (_input: string, init: { signal: AbortSignal }) => ((requestSignal = init.signal), new Promise(() => {})),
        onopen: async () => {},
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    await settled;
    assert.equal(requestSignal?.aborted, true);
  });

  it('refuses a module of another shape', () => {
    assert.ok(leanFetchEventSource('export function fetchEventSource(input, _a) {}') instanceof Error);
    assert.ok(leanFetchEventSource(fetchModule.replace('if (!openWhenHidden) {', 'if (!openWhenHidden && !document.hidden) {')) instanceof Error);
    assert.ok(leanFetchEventSource(fetchModule.replace(': defaultOnOpen', ': somethingElse')) instanceof Error);
    assert.ok(leanFetchEventSource(fetchModule.replace('"openWhenHidden", "fetch"]', '"openWhenHidden"]')) instanceof Error);
  });

  it('is built for what every call in src/ passes', () => {
    const root = new URL('../../src/', import.meta.url).pathname;
    const files = (directory: string): string[] => readdirSync(directory).flatMap((name) => (statSync(join(directory, name)).isDirectory() ? files(join(directory, name)) : name.endsWith('.ts') ? [join(directory, name)] : []));
    const calls: ts.CallExpression[] = [];
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('fetch-event-source')) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === 'fetchEventSource' && !ts.isImportSpecifier(node.parent)) {
          // Only ever called directly, so that each call's options can be read here.
          assert.ok(ts.isCallExpression(node.parent) && node.parent.expression === node, `${file}: fetchEventSource is only called`);
          calls.push(node.parent);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.ok(calls.length > 0);
    for (const call of calls) {
      const options = call.arguments[1];
      assert.ok(options && ts.isObjectLiteralExpression(options), 'options written out');
      const given = new Map(options.properties.map((property) => [property.name?.getText(), property]));
      assert.ok(!options.properties.some(ts.isSpreadAssignment), 'no spread options');
      const openWhenHidden = given.get('openWhenHidden');
      assert.ok(openWhenHidden && ts.isPropertyAssignment(openWhenHidden) && openWhenHidden.initializer.kind === ts.SyntaxKind.TrueKeyword, 'openWhenHidden: true');
      assert.equal(FIXED_STREAM_OPTIONS.openWhenHidden, true);
      for (const name of ['onopen', 'fetch'] as const) {
        assert.equal(FIXED_STREAM_OPTIONS[name], 'given');
        assert.ok(given.has(name), name);
      }
    }
  });

  it('is what the CDN panel carries', () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const panel = graph.onIntent.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    assert.ok(panel.includes('text/event-stream'), 'the library itself');
    assert.ok(!panel.includes('getOwnPropertySymbols'));
    assert.ok(!panel.includes('Expected content-type'));
  });
});
