// <input type="datetime-local"> speaks the browser's local time without an offset; the app's
// actions and the database speak ISO instants.

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-24T20:00" in the browser's time zone → an ISO instant; "" when empty or not a time. */
export function localInputToIso(value: string): string {
  if (value === "") return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/** An ISO instant → the datetime-local value that shows it in the browser's time zone ("" for none). */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
