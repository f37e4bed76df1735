/**
 * The CDN build's marked (scripts/marked-lexer-only.ts): the rules whose regular expression is smaller
 * written out than built, and the evaluation of marked's module that finds them.
 */
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { minifySync } from 'vite';
import { dropUnusedRuleBuilders } from './marked-rules.js';
import { splice, topLevelDeclarations } from './marked-shape.js';

/**
 * marked builds its rules by splicing regular expressions into others at load. Written out as a
 * literal, a rule can take fewer compressed bytes than its recipe, or more (a spliced part may stand
 * in several rules, which gzip then sees once); which, depends on the rest of the module. So each
 * rule is tried as a literal, one after another, twice over (a rule's parts may go once the rules
 * using them are literals), and kept as one where the module, minified and at gzip level 9, gets
 * smaller. The values come from running the module, with `RegExp` as
 * it is and as in a browser without lookbehind: a rule that differs between the two (marked tests
 * for lookbehind and builds some rules without it) stays as it is built, as a literal with a
 * lookbehind would be a syntax error for the whole chunk there. The result is run again and every
 * rule compared with the original's, in both worlds.
 */
export function literalRules(code: string): string | Error {
  const native = evaluateTopLevel(code);
  const legacy = evaluateTopLevel(code, WITHOUT_LOOKBEHIND);
  if (native instanceof Error) return native;
  if (legacy instanceof Error) return legacy;
  const size = (candidate: string): number => gzipSync(minifySync('marked.esm.js', candidate, { module: true }).code, { level: 9 }).length;
  let current = code;
  let currentSize = size(current);
  for (let pass = 0; pass < 2; pass += 1) {
    let parsed = ts.createSourceFile('marked.esm.js', current, ts.ScriptTarget.Latest, true);
    for (const target of ruleTargets(parsed)) {
      const value = target.key === undefined ? native[target.name] : (native[target.name] as Record<string, unknown>)[target.key];
      const fallback = target.key === undefined ? legacy[target.name] : (legacy[target.name] as Record<string, unknown>)[target.key];
      if (!(value instanceof RegExp) || !(fallback instanceof RegExp) || value.source !== fallback.source || value.flags !== fallback.flags) continue;
      if (parsed.text !== current) parsed = ts.createSourceFile('marked.esm.js', current, ts.ScriptTarget.Latest, true);
      const replaced = replaceRule(parsed, target, `/${value.source}/${value.flags}`);
      const candidate = replaced && dropUnusedRuleBuilders(replaced);
      if (!candidate || candidate instanceof Error) continue;
      const candidateSize = size(candidate);
      if (candidateSize < currentSize) {
        current = candidate;
        currentSize = candidateSize;
      }
    }
  }
  for (const [prelude, original] of [['', native], [WITHOUT_LOOKBEHIND, legacy]] as const) {
    const result = evaluateTopLevel(current, prelude);
    if (result instanceof Error) return result;
    for (const [name, value] of Object.entries(result)) {
      const before = original[name];
      const pairs: [unknown, unknown][] = value instanceof RegExp ? [[value, before]] : isPlainObject(value) && isPlainObject(before) ? Object.keys(before).map((key) => [value[key], before[key]]) : [];
      for (const [now, then] of pairs) {
        if (then instanceof RegExp && (!(now instanceof RegExp) || now.source !== then.source || now.flags !== then.flags)) return new Error(`the rule ${name} changed as a literal`);
      }
    }
  }
  return current;
}


/** `new RegExp` as in a browser without lookbehind: a pattern with one throws (callable with or without `new`, as `RegExp` is). */
const WITHOUT_LOOKBEHIND =
  'function RegExp(pattern,flags){if(/\\(\\?<[=!]/.test(typeof pattern=="string"?pattern:pattern.source))throw new SyntaxError("no lookbehind");return new globalThis.RegExp(pattern,flags)}\n';


const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;


/** A rule built by a call: a top-level variable, or a property of a top-level object. */
interface RuleTarget {
  name: string;
  key?: string;
}


function ruleTargets(source: ts.SourceFile): RuleTarget[] {
  const targets: RuleTarget[] = [];
  for (const declaration of topLevelDeclarations(source)) {
    if (ts.isCallExpression(declaration.initializer)) targets.push({ name: declaration.name });
    else if (ts.isObjectLiteralExpression(declaration.initializer)) {
      for (const property of declaration.initializer.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isCallExpression(property.initializer)) targets.push({ name: declaration.name, key: property.name.text });
      }
    }
  }
  return targets;
}


/** The module with the target's initialiser replaced by `literal`, or undefined where it is no longer a call. */
function replaceRule(source: ts.SourceFile, target: RuleTarget, literal: string): string | undefined {
  const declaration = topLevelDeclarations(source).find((candidate) => candidate.name === target.name);
  if (!declaration) return undefined;
  let node: ts.Expression | undefined = declaration.initializer;
  if (target.key !== undefined) {
    const property = ts.isObjectLiteralExpression(node)
      ? node.properties.find((candidate): candidate is ts.PropertyAssignment => ts.isPropertyAssignment(candidate) && ts.isIdentifier(candidate.name) && candidate.name.text === target.key)
      : undefined;
    node = property?.initializer;
  }
  if (!node || !ts.isCallExpression(node)) return undefined;
  return splice(source.text, [{ start: node.getStart(source), end: node.getEnd(), text: literal }]);
}


/** Runs the module (its one `export { … }` left out) after `prelude`, and returns its top-level variables. */
function evaluateTopLevel(code: string, prelude = ''): Record<string, unknown> | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const exported = source.statements.filter(ts.isExportDeclaration);
  if (exported.length !== 1 || source.statements.some(ts.isImportDeclaration)) return new Error('not a module with one `export { … }` and no imports');
  const body = splice(code, [{ start: exported[0]!.getStart(source), end: exported[0]!.getEnd(), text: '' }]);
  const names = topLevelDeclarations(source).map((declaration) => declaration.name);
  try {
    return new Function(`'use strict';${prelude}${body}\nreturn{${names.join(',')}};`)() as Record<string, unknown>;
  } catch (error) {
    return new Error(`marked's module did not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

