import { type Result, err } from '@borderpost/common';
import { type ContractTransport, isResult } from './transport';

/**
 * The browser-mode transport (issue 6 "browser mode"): the same contract over HTTP on 127.0.0.1.
 *
 * - Calls: `POST <base>/api/call/<name>` with the arguments as the JSON body; the answer is the Result.
 * - Events: `GET <base>/api/events`, a `text/event-stream`, read with `fetch` rather than `EventSource`
 *   because EventSource cannot send the `Authorization` header, and the secret must not sit in a URL
 *   (URLs end up in logs and history).
 * - Every request carries `Authorization: Bearer <per-launch secret>`.
 *
 * Uses only `fetch`, `AbortController` and `TextDecoder`: runs in the browser and in Node 20 alike.
 */
export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:4723` (no trailing slash needed). */
  baseUrl: string;
  secret: string;
  fetch?: typeof fetch;
  /** Wait before re-opening a dropped event stream. */
  reconnectMs?: number;
}

export interface HttpTransport extends ContractTransport {
  /** Stops the event stream; pending calls still complete. */
  close(): void;
}

type Listener = (payload: unknown) => void;

export function httpTransport(options: HttpTransportOptions): HttpTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const reconnectMs = options.reconnectMs ?? 2000;
  const headers = { authorization: `Bearer ${options.secret}` };
  const listeners = new Map<string, Set<Listener>>();
  let stream: AbortController | null = null;
  let closed = false;

  async function invoke(name: string, args: unknown): Promise<Result<unknown>> {
    const response = await doFetch(`${base}/api/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (isResult(body)) return body;
    if (response.status === 401) return err({ code: 'TRANSPORT_UNAUTHORIZED', message: 'the post runtime refused the launch secret' });
    return err({ code: 'TRANSPORT_FAILED', message: `${name}: HTTP ${response.status}` });
  }

  function deliver(event: string, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // isolated: see createClient
      }
    }
  }

  async function readStream(controller: AbortController): Promise<void> {
    const response = await doFetch(`${base}/api/events`, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) deliver(event, data.join('\n'));
      }
    }
  }

  function openStream(): void {
    if (stream || closed) return;
    const controller = new AbortController();
    stream = controller;
    void readStream(controller)
      .catch(() => undefined)
      .finally(() => {
        if (stream === controller) stream = null;
        // Re-open while anyone listens (the runtime restarted, a proxy dropped the connection).
        if (!closed && !controller.signal.aborted && [...listeners.values()].some((set) => set.size > 0)) setTimeout(openStream, reconnectMs);
      });
  }

  return {
    invoke,
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      openStream();
      return () => {
        set.delete(listener);
      };
    },
    close() {
      closed = true;
      stream?.abort();
      stream = null;
    },
  };
}

/**
 * The per-launch secret from the launch URL's fragment (`http://127.0.0.1:PORT/#secret=…`). The browser
 * never sends a fragment to a server; the UI should keep the secret in memory (or sessionStorage) and
 * then remove the fragment from the address bar (`history.replaceState`).
 */
export function secretFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const secret = params.get('secret');
  return secret && secret.length >= 16 ? secret : null;
}
