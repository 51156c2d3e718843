// A path whose percent-encoding does not decode (a cut "%E0%A4%A", a lone "%C0" byte) makes
// Next.js's route matching throw: a 500. proxy.ts answers 400 for it first.

/** Whether `pathname` (as sent, still encoded) decodes to text. */
export function decodesCleanly(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
