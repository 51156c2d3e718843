// One live subscription per key, shared by every component that asks for it and closed a moment
// after the last one lets go. React runs effects twice in development (mount, unmount, mount):
// reusing the open channel avoids racing a channel that is still closing.

type Stop = () => void;

interface Entry<S> {
  refs: number;
  state: S;
  listeners: Set<(state: S) => void>;
  stop: Stop;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

export class SharedSubscriptions<S> {
  private readonly entries = new Map<string, Entry<S>>();

  /**
   * Starts `open` for `key` unless it already runs, and calls `listener` with its state now and on
   * every change. Returns the function that lets go.
   */
  retain(key: string, initial: S, open: (emit: (state: S) => void) => Stop, listener: (state: S) => void): Stop {
    let entry = this.entries.get(key);
    if (entry) {
      entry.refs += 1;
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      entry.closeTimer = null;
    } else {
      const created: Entry<S> = { refs: 1, state: initial, listeners: new Set(), stop: () => undefined, closeTimer: null };
      this.entries.set(key, created);
      created.stop = open((state) => {
        created.state = state;
        created.listeners.forEach((notify) => notify(state));
      });
      entry = created;
    }
    const current = entry;
    current.listeners.add(listener);
    listener(current.state);

    let released = false;
    return () => {
      if (released) return;
      released = true;
      current.listeners.delete(listener);
      current.refs -= 1;
      if (current.refs > 0) return;
      current.closeTimer = setTimeout(() => {
        if (current.refs > 0 || this.entries.get(key) !== current) return;
        this.entries.delete(key);
        current.stop();
      }, 50);
    };
  }
}
