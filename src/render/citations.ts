/**
 * Pure helpers for citations and progress steps (docs/protocol.md §5). No Lit, no DOM: the
 * components decide how to show them.
 */
import type { Citation, IntermediateStep } from '../model/types.js';
import { safeUrl } from './safe-url.js';

/** The citation's link when it has a safe http(s) URL; undefined otherwise (show it as text). */
export function citationLink(citation: Pick<Citation, 'url'>): string | undefined {
  const { url } = citation;
  if (typeof url !== 'string') return undefined;
  const safe = safeUrl(url, 'link');
  // Citations point at documents and pages: mailto:/tel: are not citations.
  return safe !== undefined && /^https?:/.test(safe) ? safe : undefined;
}

/**
 * A short label: the title, else the URL's host, else the source kind; with the page number for
 * documents ("Manual.pdf, p. 12"). `pageLabel` lets callers localise "p.".
 */
export function citationLabel(citation: Citation, pageLabel: (page: number) => string = (page) => `p. ${page}`): string {
  const title = typeof citation.title === 'string' ? citation.title.trim() : '';
  let label = title;
  if (!label) {
    const link = citationLink(citation);
    label = link ? new URL(link).host : typeof citation.source === 'string' && citation.source ? citation.source : 'Source';
  }
  const page = citation.pageNo;
  return typeof page === 'number' && Number.isInteger(page) && page > 0 ? `${label}, ${pageLabel(page)}` : label;
}

/** The text a progress step shows: its Markdown when present, else its status message. */
export function stepContent(step: IntermediateStep): { text: string; format: 'markdown' | 'text' } {
  if (typeof step.markdownMessage === 'string' && step.markdownMessage.trim() !== '') {
    return { text: step.markdownMessage, format: 'markdown' };
  }
  return { text: typeof step.statusMessage === 'string' ? step.statusMessage : '', format: 'text' };
}
