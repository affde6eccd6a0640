/**
 * Which renderer a message needs (docs/protocol.md §9), decided without loading any: a JSON
 * object with `blocks[]` and `entityMap` is Draft.js raw content, whatever the hint says;
 * otherwise Markdown when the hint says so; otherwise plain text.
 */
import type { MessageFormat, ResponseNode } from '../model/types.js';

/** The format hint for a node: its own, else Markdown for LLM answers. */
export function formatOf(node: ResponseNode): MessageFormat | undefined {
  return node.messageFormat ?? (node.type === 'llm' ? 'markdown' : undefined);
}

export type DetectedContent =
  | { format: 'draftjs'; raw: Record<string, unknown> }
  | { format: 'markdown' | 'text'; raw?: undefined };

/** Parse `content` as Draft.js raw content when it has that shape; undefined otherwise. */
export function parseDraftContent(content: string): Record<string, unknown> | undefined {
  // Cheap pre-check so Markdown and text never pay for a JSON.parse attempt.
  if (!/^\s*\{/.test(content)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return undefined; // broken JSON that merely looks like Draft: plain text
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);
  return has('blocks') && Array.isArray(record['blocks']) && has('entityMap') ? record : undefined;
}

export function detectMessageFormat(content: string, hint?: MessageFormat): DetectedContent {
  const raw = parseDraftContent(content);
  if (raw) return { format: 'draftjs', raw };
  return { format: hint === 'markdown' ? 'markdown' : 'text' };
}
