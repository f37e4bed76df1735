/**
 * @microsoft/fetch-event-source reads the stream's body through its own line and message parsers
 * (`getLines`, `getMessages` in lib/esm/parse.js). The widget hands it a body that is always empty
 * (`fetchDecodingSse` in src/protocol/sse.ts decodes the bytes itself, and `onopen` throws before
 * any other body is read), so the CDN build replaces those two parsers with stand-ins: the line
 * parser's chunk handler throws if a byte ever reaches it, which fails the stream loudly rather
 * than dropping it, and the message parser, which only the line parser would call, does nothing.
 * `getBytes`, which waits for the empty body to end with the real one, is kept as it is. Functions
 * are found with the TypeScript parser; another shape returns an Error, which fails the build.
 * Used by vite.config.ts (CDN build); tested in test/build/unfed-sse-parser.test.ts.
 */
import ts from 'typescript';

export const UNFED_MESSAGE = 'totebot-chat: fetch-event-source was fed the stream, which src/protocol/sse.ts decodes';

/** parse.js with `getLines` and `getMessages` replaced by stand-ins, or an Error naming the shape it did not find. */
export function stubUnfedParser(code: string): string | Error {
  const source = ts.createSourceFile('parse.js', code, ts.ScriptTarget.Latest, true);
  const exported = (name: string) =>
    source.statements.find(
      (statement): statement is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(statement) && statement.name?.text === name && !!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword),
    );
  const getBytes = exported('getBytes');
  const getLines = exported('getLines');
  const getMessages = exported('getMessages');
  if (!getBytes || !getLines || !getMessages) return new Error('no exported getBytes, getLines and getMessages functions');
  if (getLines.parameters.length !== 1 || getMessages.parameters.length !== 3) return new Error('getLines or getMessages takes other parameters');
  const stubs: [ts.FunctionDeclaration, string][] = [
    [getLines, `export function getLines(){return()=>{throw new Error(${JSON.stringify(UNFED_MESSAGE)})}}`],
    [getMessages, 'export function getMessages(){}'],
  ];
  let result = code;
  for (const [node, text] of stubs.sort((a, b) => b[0].getStart(source) - a[0].getStart(source))) {
    result = result.slice(0, node.getStart(source)) + text + result.slice(node.getEnd());
  }
  return result;
}
