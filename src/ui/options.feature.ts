/**
 * Option buttons (`chatOptionInfos`), loaded with the first message that has them: many
 * conversations (an LLM app's answers) never show one. Their controller, view and styles travel
 * together.
 */
export { OptionsController } from './controllers/options.controller.js';
/** @public Reached through the panel's dynamic import (`optionsFeature.renderOptions`). */
export { renderOptions } from './views/options.view.js';
/** @public Reached through the panel's dynamic import (adopted when the chunk arrives). */
export { optionsStyles } from './styles/options.styles.js';
