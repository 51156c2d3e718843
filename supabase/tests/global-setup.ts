// The database tests' global setup: the local stack's test cluster with `tpl_full` (the bootstrap and
// every migration), plus `tpl_before_participants` (the bootstrap and the migrations the stream
// participants migration builds on). Test files clone them with freshDatabase().
import type { TestProject } from "vitest/node";
import { createTemplate, setupTestCluster } from "@habitats/supabase-local/testing/global-setup";
import { PARTICIPANTS_VERSION } from "./helpers/constants";

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  const previousVersion = String(Number(PARTICIPANTS_VERSION) - 1).padStart(14, "0");
  return setupTestCluster(project, (adminUrl) => createTemplate(adminUrl, "tpl_before_participants", previousVersion));
}
