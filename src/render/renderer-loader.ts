/**
 * Loads the Markdown and Draft.js renderers when a message first needs them, so a visitor who
 * never sees one never downloads it (or DOMPurify, which both bring). Plain text needs nothing.
 * `renderWhenReady` renders at once when it can, else says which renderer to wait for.
 */
import type { MessageFormat } from '../model/types.js';
import { detectMessageFormat } from './message-format.js';
import { renderPlainText } from './plain-text.js';

type MarkdownModule = typeof import('./markdown-message.js');
type DraftModule = typeof import('./draft-message.js');
export type RichFormat = 'markdown' | 'draftjs';

let markdownModule: MarkdownModule | undefined;
let draftModule: DraftModule | undefined;
const pending = new Map<RichFormat, Promise<void>>();

/** The Markdown renderer once loaded (undefined before). */
export function markdownRenderer(): MarkdownModule | undefined {
  return markdownModule;
}

function rendererLoaded(format: RichFormat): boolean {
  return format === 'markdown' ? markdownModule !== undefined : draftModule !== undefined;
}

/** Loads a renderer once; a failed load may be tried again by the next call. */
export function loadRenderer(format: RichFormat): Promise<void> {
  if (rendererLoaded(format)) return Promise.resolve();
  let loading = pending.get(format);
  if (!loading) {
    loading = (
      format === 'markdown'
        ? import('./markdown-message.js').then((m) => void (markdownModule = m))
        : import('./draft-message.js').then((m) => void (draftModule = m))
    ).finally(() => pending.delete(format));
    pending.set(format, loading);
  }
  return loading;
}

/** Settles when every renderer being loaded now has arrived (or failed); undefined when none is. */
export function rendererLoadsPending(): Promise<void> | undefined {
  if (pending.size === 0) return undefined;
  return Promise.allSettled(pending.values()).then(() => undefined);
}

/**
 * Starts loading what `content` will need, as soon as it is known (a node just arrived), rather
 * than a frame later when it is drawn; failures surface when it is drawn.
 */
export function prepareRenderer(content: string, hint?: MessageFormat): void {
  const { format } = detectMessageFormat(typeof content === 'string' ? content : '', hint);
  if (format !== 'text') loadRenderer(format).catch(() => undefined);
}

export type RenderAttempt = { fragment: DocumentFragment } | { needs: RichFormat };

/** Renders `content` now if its renderer is loaded; otherwise names the renderer to load. */
export function renderWhenReady(content: string, hint?: MessageFormat, truncationNotice?: string): RenderAttempt {
  const text = typeof content === 'string' ? content : '';
  const detected = detectMessageFormat(text, hint);
  if (detected.format === 'text') return { fragment: renderPlainText(text) };
  if (detected.format === 'markdown') return markdownModule ? { fragment: markdownModule.renderMarkdownMessage(text) } : { needs: 'markdown' };
  if (!draftModule) return { needs: 'draftjs' };
  return { fragment: draftModule.renderDraftMessage(detected.raw as Record<string, unknown>, { truncationNotice }) };
}
