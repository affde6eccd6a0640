/**
 * Stands in for `@khanacademy/perseus-utils` inside simple-markdown (an anchored alias, like the
 * Draft.js stubs): the real one writes the library's version into `globalThis.__perseus_debug__`.
 */
export function addLibraryVersionToPerseusDebug(_libraryName: string, _libraryVersion: string): void {
  // Nothing: the widget leaves the host page's globals alone.
}
