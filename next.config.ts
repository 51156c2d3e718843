import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // a second build beside the developer's (the benchmark's) goes to its own folder
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `next dev` serves its scripts and hot reload only to pages opened from an allowed host
  // (hostnames, matched exactly or with `*` wildcards; localhost is always allowed). The local
  // stack's URLs use 127.0.0.1, so the app opened there must hydrate too.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
