// Setup for component tests (files that start with `// @vitest-environment jsdom`): DOM matchers
// such as toBeInTheDocument, and unmounting after each test. Component test files import this.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => {
  cleanup();
});
