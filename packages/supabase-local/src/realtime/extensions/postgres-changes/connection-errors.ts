// Telling a database that could not be reached from a statement that failed: the first is worth
// retrying (a change is dispatched again, a subscription checked again later), the second is an
// answer (a check that raised an error, a refused subscription).

/** Connection-level failures (worth retrying) rather than errors of the statement itself. */
export function isConnectionError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "") return true; // no SQLSTATE: the socket failed
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}
