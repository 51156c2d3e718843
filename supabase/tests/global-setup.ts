// The database tests' global setup: the local stack's test cluster with `tpl_full` (the bootstrap and
// every migration), plus `tpl_before_participants` (the bootstrap and the migrations the stream
// participants migration builds on) and `tpl_before_live_rooms` (every migration before the live
// rooms). Test files clone them with freshDatabase().
import type { TestProject } from "vitest/node";
import { createTemplate, setupTestCluster } from "@habitats/supabase-local/testing/global-setup";
import { LIVE_ROOMS_VERSION, PARTICIPANTS_VERSION } from "./helpers/constants";

const before = (version: string) => String(Number(version) - 1).padStart(14, "0");

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setupTestCluster(project, async (adminUrl) => {
    await createTemplate(adminUrl, "tpl_before_participants", before(PARTICIPANTS_VERSION));
    await createTemplate(adminUrl, "tpl_before_live_rooms", before(LIVE_ROOMS_VERSION));
  });
}
