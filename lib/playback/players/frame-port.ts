// The postMessage channel to an embedded player's iframe: messages go to its content window for its
// origin only, and only messages from that window and origin come back (anything else on the page's
// message bus, another frame's included, is ignored). Providers send JSON strings or objects.

export interface FramePort {
  post(message: unknown): void;
  onMessage(listener: (data: unknown) => void): () => void;
  /** called when the frame (re)loads: a new player that must be greeted again */
  onLoad(listener: () => void): () => void;
  close(): void;
}

export interface FramePortOptions {
  /** send messages as JSON text (YouTube's widget protocol) rather than structured objects */
  asJson?: boolean;
}

function parse(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

export function iframePort(iframe: HTMLIFrameElement, origin: string, { asJson = false }: FramePortOptions = {}): FramePort {
  const messageListeners = new Set<(data: unknown) => void>();
  const loadListeners = new Set<() => void>();
  const onWindowMessage = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    const data = parse(event.data);
    if (data !== null && typeof data === "object") for (const listener of messageListeners) listener(data);
  };
  const onFrameLoad = () => {
    for (const listener of loadListeners) listener();
  };
  window.addEventListener("message", onWindowMessage);
  iframe.addEventListener("load", onFrameLoad);
  return {
    post: (message) => iframe.contentWindow?.postMessage(asJson ? JSON.stringify(message) : message, origin),
    onMessage: (listener) => {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onLoad: (listener) => {
      loadListeners.add(listener);
      return () => loadListeners.delete(listener);
    },
    close: () => {
      window.removeEventListener("message", onWindowMessage);
      iframe.removeEventListener("load", onFrameLoad);
      messageListeners.clear();
      loadListeners.clear();
    },
  };
}
