// Runs in the browser before the app's own code (Next.js's instrumentation-client). Zod compiles
// object parsers with `new Function` unless told not to, and probes for it when its first object
// schema is built: under the pages' Content Security Policy (no 'unsafe-eval') that probe is
// reported as a violation even though zod catches it. Without the JIT zod parses the same, a
// little slower.
import { z } from "zod";

z.config({ jitless: true });
