#!/usr/bin/env node
// The CLI's entry point: runs the TypeScript sources through tsx, with no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
