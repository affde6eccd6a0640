import { renderMessage } from '../render/render-message.js';
import type { ResponseNode } from '../protocol/types.js';
import { formatOf } from './message-format.js';

/** A message as one line of plain text, for the screen-reader announcement. */
export function plainText(node: ResponseNode): string {
  return (renderMessage(node.message, formatOf(node)).textContent ?? '').replace(/\s+/g, ' ').trim();
}
