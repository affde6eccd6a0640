/** The language an element speaks: its own or nearest `lang`, else the browser's, else English. */
export function languageTagOf(element: Element): string {
  return element.closest('[lang]')?.getAttribute('lang') || globalThis.navigator?.language || 'en';
}
