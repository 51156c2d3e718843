// What a screen reader hears when messages arrive: one polite announcement per burst, not one per
// message ("Bob: hello", or "3 new messages, the last from Bob: hello"), at most every `delayMs`.

export interface Announcer {
  push(author: string, body: string): void;
  stop(): void;
}

const MAX_BODY = 140;

export function announcementFor(batch: ReadonlyArray<{ author: string; body: string }>): string | null {
  const last = batch[batch.length - 1];
  if (!last) return null;
  const body = last.body.length > MAX_BODY ? `${last.body.slice(0, MAX_BODY)}…` : last.body;
  return batch.length === 1 ? `${last.author}: ${body}` : `${batch.length} new messages, the last from ${last.author}: ${body}`;
}

export function createAnnouncer(announce: (text: string) => void, delayMs = 1500): Announcer {
  let batch: Array<{ author: string; body: string }> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const text = announcementFor(batch);
    batch = [];
    if (text) announce(text);
  };
  return {
    push(author, body) {
      batch.push({ author, body });
      timer ??= setTimeout(flush, delayMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      batch = [];
    },
  };
}
