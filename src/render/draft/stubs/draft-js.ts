/**
 * Stand-in for `draft-js`, served ONLY to draft-js-utils (anchored alias, see
 * scripts/draft-stubs.mjs). draft-js-utils' barrel imports `EditorState` and `SelectionState` for
 * `callModifierForSelectedBlocks`, an editor helper `stateToHTML` never calls. The named exports
 * must exist for the ES module to link; using them is a programming error, so they throw loudly
 * instead of pulling Draft.js, React and ReactDOM into the bundle.
 */
function unavailable(name: string): never {
  throw new Error(`draft-js is not bundled with <alli-chat>: ${name} is unavailable`);
}

export const EditorState = Object.freeze({
  forceSelection: (): never => unavailable('EditorState.forceSelection'),
});

export class SelectionState {
  constructor() {
    unavailable('SelectionState');
  }
}
