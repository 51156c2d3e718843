import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // a second build beside the developer's (the benchmark's) goes to its own folder
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
