/**
 * The ways store platforms and tag managers put the script-tag file on a page, as store pages:
 * shared by the embedding checks in Chromium (playwright) and in every engine (Web Test Runner).
 * Inline code is ES5 and declares no global, as a tag manager's would.
 */
export interface Embedding {
  id: string;
  name: string;
  /** `{cdn}` stands for the script's URL. */
  head?: string;
  body: string;
  /** Served with a CSP whose script-src names only the CDN's origin. */
  csp?: boolean;
}

export const ELEMENT = '<totebot-chat agent-name="Tote"></totebot-chat>';

export const EMBEDDINGS: readonly Embedding[] = [
  { id: 'classic', name: 'a classic <script src> in <head>, before the element', head: '<script src="{cdn}"></script>', body: ELEMENT },
  { id: 'async', name: '<script async src>', head: '<script async src="{cdn}"></script>', body: ELEMENT },
  { id: 'defer', name: '<script defer src>', head: '<script defer src="{cdn}"></script>', body: ELEMENT },
  { id: 'module', name: '<script type="module" src>', head: '<script type="module" src="{cdn}"></script>', body: ELEMENT },
  {
    id: 'injected',
    name: 'a script and an element created by another script after load',
    body: `<script>
      addEventListener('load', function () {
        var script = document.createElement('script');
        script.src = '{cdn}';
        document.head.appendChild(script);
        var chat = document.createElement('totebot-chat');
        chat.setAttribute('agent-name', 'Tote');
        document.body.appendChild(chat);
      });
    </script>`,
  },
  { id: 'twice', name: 'the file included twice (a theme and an app)', head: '<script src="{cdn}"></script>', body: `${ELEMENT}<script async src="{cdn}"></script>` },
  { id: 'csp', name: "a strict CSP whose script-src names only the CDN's origin", head: '<script src="{cdn}"></script>', body: ELEMENT, csp: true },
];

/** Globals a page may gain: Lit's version and metadata registries, and one totebot-named entry at most. */
export const LIT_GLOBALS: ReadonlySet<string> = new Set(['litHtmlVersions', 'reactiveElementVersions', 'litElementVersions', 'litPropertyMetadata']);

/** The store page for `embedding`; `before` goes first in <head> (a probe, say). */
export function storePageHtml(embedding: Pick<Embedding, 'name' | 'head' | 'body'>, script: string, before = ''): string {
  const fill = (text = '') => text.replaceAll('{cdn}', script);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${embedding.name.replace(/[<>]/g, '')}</title>${before}${fill(embedding.head)}</head>
    <body><header><h1>Store</h1></header><main><p>Products</p></main>${fill(embedding.body)}</body></html>`;
}

/** A strict policy: scripts only from the CDN, everything else from the page's own origin or nowhere. */
export const storeCsp = (cdnOrigin: string): string =>
  `default-src 'none'; script-src ${cdnOrigin}; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'`;
