/**
 * The custom-elements manifest's settings (`cem analyze --config scripts/cem.config.mjs`). The element's
 * settings live in a base class of their own (src/totebot-chat-settings.ts), which the analyzer would list
 * as a second custom element, one without a tag name: tools that read the manifest (editors, Storybook)
 * would offer it. Only a class defined under a tag name is an element.
 */
export default {
  plugins: [
    {
      name: 'totebot-defined-elements-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules ?? []) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.kind === 'class' && !declaration.tagName) delete declaration.customElement;
          }
        }
      },
    },
  ],
};
