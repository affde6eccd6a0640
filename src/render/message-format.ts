import type { MessageFormat, ResponseNode } from '../model/types.js';

/** The format hint for a node: its own, else Markdown for LLM answers (docs/protocol.md §9). */
export function formatOf(node: ResponseNode): MessageFormat | undefined {
  return node.messageFormat ?? (node.type === 'llm' ? 'markdown' : undefined);
}
