import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // a second build beside the developer's (the benchmark's) goes to its own folder
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `next dev` serves its scripts and hot reload only to pages opened from an allowed host
  // (hostnames, matched exactly or with `*` wildcards; localhost is always allowed). The local
  // stack's URLs use 127.0.0.1, so the app opened there must hydrate too.
  allowedDevOrigins: ["127.0.0.1"],
  // on every answer, static files included (the Content Security Policy comes from proxy.ts)
  async headers() {
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

export default nextConfig;
