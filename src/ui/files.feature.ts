/**
 * What files need, loaded with the first file a conversation shows or takes (the panel's
 * `useFiles`; docs/design.md §2): the styles of file chips, thumbnails, the drop hint and upload
 * progress, and the file rules (limits; names and sizes on screen). A conversation without files
 * never downloads it. The file rules are shared with the forms' chunk.
 */
/** @public Reached through the panel's dynamic import (`ChatPanel.useFiles`). */
export { filesCss } from './styles/files.styles.js';
/** @public Reached through the panel's dynamic import (`ChatPanel.useFiles`). */
export { checkFiles, formatBytes, middleTruncate } from '../conversation/file-rules.js';

/** This module, as the panel holds it once loaded. */
export type FilesFeature = typeof import('./files.feature.js');
/** What the views need to name a file on screen. */
export type FileFormat = Pick<typeof import('../conversation/file-rules.js'), 'formatBytes' | 'middleTruncate'>;
