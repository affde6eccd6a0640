// @custom-elements-manifest/analyzer: custom-elements.json from the element's JSDoc and Lit
// decorators (`npm run manifest`). package.json's `customElements` field is kept by hand.
export default {
  globs: ['src/alli-chat.ts', 'src/ui/alli-chat.element.ts', 'src/ui/events.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      name: 'alli-public-only',
      // Private and protected members are not part of the contract an IDE should offer.
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.members) declaration.members = declaration.members.filter((m) => (!m.privacy || m.privacy === 'public') && !m.static);
          }
        }
      },
    },
  ],
};
