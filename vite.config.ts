import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { totebotProxyPlugin } from './proxy/vite-plugin.js';

const entry = 'src/index.ts';

/**
 * Lit's css`` templates reach the bundle as written; every byte of the script-tag
 * file costs every store's page. Comments and whitespace go (a space inside a
 * selector, a descendant combinator, is kept: only spaces around { } ; , and
 * after a declaration's or a query's colon go), and so does a block's last semicolon; numbers
 * lose a leading zero and colours their doubled hex digits.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'totebot-minify-lit-css',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return undefined;
      return code.replace(/css`([^`]*)`/g, (_whole, body: string) => {
        const minified = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,])\s*/g, '$1')
          // `prop: value` after { or ; is a declaration, `(feature: value)` a media or support query
          // (a selector's pseudo-class has no space after its colon, nor a word before it after a parenthesis).
          .replace(/([{;(]-*[a-zA-Z_][-\w]*):\s+/g, '$1:')
          .replace(/\s+!important/g, '!important')
          // A slash between values (rgb(0 0 0 / 0.25)) needs no spaces; nor does a leading zero.
          .replace(/ \/ /g, '/')
          .replace(/([\s:,(/-])0\.(\d)/g, '$1.$2')
          .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
          // A child combinator needs no spaces, and `transparent` is four characters as #0000.
          .replace(/\s*>\s*/g, '>')
          .replace(/\btransparent\b/g, '#0000')
          // An attribute selector's value needs no quotes when it is an identifier.
          .replace(/\[([-\w]+)='([a-zA-Z][-\w]*)'\]/g, '[$1=$2]')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
    },
  };
}

/** Collapses Lit templates' source indentation in the CDN build (scripts/lit-template-whitespace.ts). */
function minifyLitTemplates(): Plugin {
  return {
    name: 'totebot-minify-lit-templates',
    apply: 'build',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || id.endsWith('.styles.ts')) return undefined;
      // Loaded here, by the CDN build only: the dev server and the other builds never need TypeScript.
      const { collapseTemplateWhitespace } = await import('./scripts/lit-template-whitespace.js');
      const collapsed = collapseTemplateWhitespace(code, id);
      return collapsed === undefined ? undefined : { code: collapsed, map: null };
    },
  };
}

/**
 * A CDN-build transform from scripts/, on each module whose id matches `id`: what it returns replaces the
 * module, and an Error fails the build (a dependency of another shape is never shipped half-changed).
 * Loaded by the CDN build only: the dev server and the other builds never need TypeScript.
 */
function scriptTransform(name: string, id: RegExp, load: () => Promise<(code: string) => string | Error>): Plugin {
  return {
    name,
    apply: 'build',
    async transform(code, moduleId) {
      if (!id.test(moduleId)) return undefined;
      const result = (await load())(code);
      if (result instanceof Error) this.error(`${moduleId}: ${result.message}`);
      return { code: result, map: null };
    },
  };
}

/** marked's lexer alone, for the options the widget uses (scripts/marked-lexer-only.ts). */
const markedLexerOnly = () =>
  scriptTransform('totebot-marked-lexer-only', /[/\\]node_modules[/\\]marked[/\\]lib[/\\]marked\.esm\.js$/, async () => (await import('./scripts/marked-lexer-only.js')).leanLexer);

/** fetch-event-source's own SSE parsers, which the widget never feeds, as stand-ins (scripts/unfed-sse-parser.ts). */
const unfedSseParser = () =>
  scriptTransform(
    'totebot-unfed-sse-parser',
    /[/\\]node_modules[/\\]@microsoft[/\\]fetch-event-source[/\\]lib[/\\]esm[/\\]parse\.js$/,
    async () => (await import('./scripts/unfed-sse-parser.js')).stubUnfedParser,
  );

/** fetch-event-source for the options the widget always passes, without its ES5 rest helper (scripts/lean-fetch-event-source.ts). */
const leanFetchEventSource = () =>
  scriptTransform(
    'totebot-lean-fetch-event-source',
    /[/\\]node_modules[/\\]@microsoft[/\\]fetch-event-source[/\\]lib[/\\]esm[/\\]fetch\.js$/,
    async () => (await import('./scripts/lean-fetch-event-source.js')).leanFetchEventSource,
  );

/** idb-keyval without its default store, as every call passes the widget's own (scripts/idb-keyval-own-store.ts). */
const idbKeyvalOwnStore = () =>
  scriptTransform('totebot-idb-keyval-own-store', /[/\\]node_modules[/\\]idb-keyval[/\\]dist[/\\]index\.js$/, async () => (await import('./scripts/idb-keyval-own-store.js')).withoutDefaultStore);

/** Lit's css-tag with its errors' messages cut to their first sentence (scripts/lit-css-messages.ts). */
const litCssMessages = () =>
  scriptTransform('totebot-lit-css-messages', /[/\\]node_modules[/\\]@lit[/\\]reactive-element[/\\]css-tag\.js$/, async () => (await import('./scripts/lit-css-messages.js')).shortLitCssMessages);

/** A translation's chunk without its keys, which the element puts back (scripts/translation-texts.ts). */
const translationTexts = () =>
  scriptTransform('totebot-translation-texts', /[/\\]src[/\\]i18n[/\\](?!locales\.)[a-z]{2}\.ts$/, async () => (await import('./scripts/translation-texts.js')).translationTexts);

/**
 * Short names for the property names only the widget's own code uses in memory (scripts/internal-properties.ts),
 * the same in every chunk; a name that is not safe to rename fails the build.
 */
function internalProperties(): Plugin {
  return {
    name: 'totebot-internal-properties',
    apply: 'build',
    async renderChunk(code, chunk) {
      const { renameInternalProperties } = await import('./scripts/internal-properties.js');
      const result = renameInternalProperties(code);
      if (result instanceof Error) this.error(`${chunk.fileName}: ${result.message}`);
      return { code: result, map: null };
    },
  };
}

/**
 * Terser's compressor before Oxc's minifier, on each CDN chunk: each folds what the other leaves, and
 * in this order the chunks come out smallest (docs/benchmarks.md). Names are left to Oxc, which mangles
 * after it. Safe options only; module and top-level scope, as each chunk is an ES module.
 */
function terserCompress(): Plugin {
  return {
    name: 'totebot-terser-compress',
    apply: 'build',
    async renderChunk(code) {
      const { minify } = await import('terser');
      const result = await minify(code, { module: true, toplevel: true, ecma: 2020, compress: { passes: 2 }, mangle: false, format: { comments: false } });
      return result.code === undefined ? null : { code: result.code, map: null };
    },
  };
}

/**
 * The CDN build drops every comment, Lit's `@license` lines among them (about 100 B gzip before intent
 * and as much again in the panel). The licences travel instead as cdn/THIRD_PARTY_LICENSES.txt, beside
 * the chunks: each bundled package's name, version, licence and licence file, as BSD-3-Clause (Lit),
 * MIT and Apache-2.0 ask of a redistribution.
 */
function bundledLicences(): Plugin {
  return {
    name: 'totebot-bundled-licences',
    apply: 'build',
    generateBundle(_options, bundle) {
      const packages = new Map<string, string>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const match = /^(.*[/\\]node_modules[/\\](?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(id);
          if (match) packages.set(match[1]!, match[1]!);
        }
      }
      const sections = [...packages.keys()].sort().map((directory) => {
        const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
        const licenceFile = readdirSync(directory).find((file) => /^licen[cs]e/i.test(file));
        const text = licenceFile ? readFileSync(join(directory, licenceFile), 'utf8').trim() : `${manifest.license} (no licence file in the package)`;
        return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}`;
      });
      this.emitFile({
        type: 'asset',
        fileName: 'cdn/THIRD_PARTY_LICENSES.txt',
        source: `totebot-chat's script-tag build bundles these packages.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`,
      });
    },
  };
}

/**
 * dist/totebot-chat.min.js, the file a store pastes: one expression that works as a classic
 * `<script src>` (async, defer, injected later) and as `type="module"`. Store platforms and tag
 * managers insert classic scripts, where a static `import` is a syntax error; `import()` is
 * allowed in both kinds. A classic script from another origin resolves `import()` against
 * about:blank (HTML's rule for scripts with muted errors, which Chromium enforces), so it gets an
 * absolute URL made from its own `src`; a module script has no `currentScript`, and its relative
 * `import()` resolves against its own URL. No top-level name is declared: a classic script's
 * would land in the page's global scope.
 */
function classicLoader(): Plugin {
  return {
    name: 'totebot-classic-loader',
    apply: 'build',
    generateBundle(_options, bundle) {
      const launcher = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
      if (!launcher) this.error('the CDN build has no entry chunk');
      this.emitFile({ type: 'asset', fileName: 'totebot-chat.min.js', source: `((s,p)=>import(s?new URL(p,s.src):p))(document.currentScript,"./${launcher.fileName}")\n` });
    },
  };
}

/** What the three browser builds share: all write into dist/ beside each other. */
const browserBuild = { outDir: 'dist', emptyOutDir: false, target: 'es2022' } as const;

/**
 * - `vite` (npm start): the demo store with the proxy and simulator on one origin.
 * - `vite build`: dist/totebot-chat.js, an ES module that keeps its dependencies external.
 * - `vite build --mode cdn`: dist/totebot-chat.min.js, the script-tag file (classic or module), which
 *   loads the launcher from dist/cdn/; the panel and the translations load from there when needed.
 * - `vite build --mode react`: dist/react.js, the React wrapper (everything external).
 * - `vite build --mode proxy`: the proxy as runnable JavaScript in dist/proxy.
 */
export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      root: 'demo',
      plugins: [totebotProxyPlugin()],
      server: { port: 5173 },
      logLevel: 'info',
    };
  }
  if (mode === 'cdn') {
    return {
      plugins: [minifyLitCss(), minifyLitTemplates(), markedLexerOnly(), unfedSseParser(), leanFetchEventSource(), idbKeyvalOwnStore(), litCssMessages(), translationTexts(), internalProperties(), terserCompress(), bundledLicences(), classicLoader()],
      build: {
        ...browserBuild,
        // A library build: plain import() between chunks, never the preload helper of an app build,
        // so every chunk resolves against the file that imports it and nothing is added to the page.
        lib: { entry: { launcher: 'src/cdn.ts' }, formats: ['es'] },
        rollupOptions: {
          // The launcher chunk may export what the panel shares with it, so what loads before
          // intent is one file rather than an entry plus a shared chunk.
          preserveEntrySignatures: false,
          // Annotations such as /* @__PURE__ */ serve a later bundler, and no bundler reads these files;
          // licences go to cdn/THIRD_PARTY_LICENSES.txt (see bundledLicences).
          output: {
            format: 'es',
            entryFileNames: 'cdn/[name]-[hash].js',
            chunkFileNames: 'cdn/[name]-[hash].js',
            minify: true,
            comments: false,
          },
        },
      },
    };
  }
  if (mode === 'react') {
    return {
      build: {
        ...browserBuild,
        minify: false,
        lib: { entry: 'src/react.ts', formats: ['es'], fileName: () => 'react.js' },
        // The wrapper brings nothing of its own: the element, lit and React come from the app.
        rollupOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/, 'totebot-chat'] },
      },
    };
  }
  if (mode === 'proxy') {
    return {
      build: {
        outDir: 'dist/proxy',
        emptyOutDir: true,
        target: 'node20',
        ssr: true,
        rollupOptions: {
          input: {
            cli: 'proxy/cli.ts',
            handler: 'proxy/handler.ts',
            'node-adapter': 'proxy/node-adapter.ts',
            'redis-rate-limit-store': 'proxy/redis-rate-limit-store.ts',
            'durable-object-rate-limit-store': 'proxy/durable-object-rate-limit-store.ts',
            'undici-upstream': 'proxy/undici-upstream.ts',
          },
          output: { entryFileNames: '[name].js', format: 'es' },
        },
      },
    };
  }
  return {
    plugins: [minifyLitCss()],
    build: {
      ...browserBuild,
      minify: false,
      lib: { entry, formats: ['es'], fileName: () => 'totebot-chat.js' },
      rollupOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, 'idb-keyval', 'marked'],
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
