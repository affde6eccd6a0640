/**
 * A `fetch`-shaped request over XMLHttpRequest, for turns that carry files: `fetch` cannot
 * report upload progress, XHR can. The response still streams: its text is handed on as it
 * arrives (XHR decodes UTF-8 incrementally), wrapped in a `Response` so the same stream parser
 * reads it.
 */

export interface UploadProgress {
  /** Bytes of the request body sent so far. */
  sent: number;
  /** Total bytes of the request body (0 when the browser cannot tell). */
  total: number;
}

export interface XhrRequestInit {
  method: string;
  headers: Headers;
  body?: FormData | string;
  signal?: AbortSignal;
  onUploadProgress?: (progress: UploadProgress) => void;
  /** Bytes of the response arrived (keep-alive pings included): a sign the server is alive. */
  onDownloadProgress?: () => void;
}

function abortError(): DOMException {
  return new DOMException('The request was aborted.', 'AbortError');
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

/** Resolves once the response headers arrive; the body then streams. Rejects like fetch. */
export function xhrRequest(url: string, init: XhrRequestInit): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (init.signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    let bodyController: ReadableStreamDefaultController<Uint8Array> | undefined;
    let delivered = 0;
    let settled = false;
    const encoder = new TextEncoder();

    const pushText = () => {
      const text = xhr.responseText;
      if (text.length > delivered && bodyController) {
        bodyController.enqueue(encoder.encode(text.slice(delivered)));
        delivered = text.length;
      }
    };
    const fail = (error: Error) => {
      if (!settled) {
        settled = true;
        reject(error);
      } else {
        try {
          bodyController?.error(error);
        } catch {
          // The body was already closed or cancelled by its reader.
        }
      }
    };
    const onAbort = () => xhr.abort();
    init.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => init.signal?.removeEventListener('abort', onAbort);

    xhr.open(init.method, url, true);
    init.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.responseType = 'text';
    if (init.onUploadProgress) {
      const report = init.onUploadProgress;
      xhr.upload.onprogress = (e) => report({ sent: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.upload.onload = (e) => report({ sent: e.loaded, total: e.lengthComputable ? e.total : e.loaded });
    }
    xhr.onreadystatechange = () => {
      if (xhr.readyState !== XMLHttpRequest.HEADERS_RECEIVED || settled) return;
      settled = true;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          bodyController = controller;
        },
        cancel: () => {
          cleanup();
          xhr.abort();
        },
      });
      // Statuses outside 200–599 cannot be given to Response; XHR reports 0 only on failure.
      const status = xhr.status >= 200 && xhr.status <= 599 ? xhr.status : 502;
      resolve(new Response(body, { status, statusText: xhr.statusText, headers: parseHeaders(xhr.getAllResponseHeaders()) }));
    };
    xhr.onprogress = () => {
      init.onDownloadProgress?.();
      pushText();
    };
    xhr.onload = () => {
      cleanup();
      pushText();
      try {
        bodyController?.close();
      } catch {
        // Cancelled by its reader.
      }
    };
    xhr.onerror = () => {
      cleanup();
      fail(new TypeError('Network request failed'));
    };
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => {
      cleanup();
      fail(abortError());
    };
    xhr.send(init.body ?? null);
  });
}
