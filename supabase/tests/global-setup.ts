// The database tests' global setup: the local stack's test cluster with `tpl_full` (the bootstrap and
// every migration), plus `tpl_before_participants` (the bootstrap and the migrations the stream
// participants migration builds on) and `tpl_before_live_rooms` (every migration before the live
// rooms), `tpl_before_communities` and `tpl_communities` (every migration before the communities
// migration, and up to it) `tpl_before_watch_together` (every migration before watch together) and
// `tpl_before_rooms_hear_joins_once`, `tpl_before_habitat_succession`,
// `tpl_before_live_habitat_members`.
// Test files clone them with freshDatabase().
import type { TestProject } from "vitest/node";
import { createTemplate, setupTestCluster } from "@habitats/supabase-local/testing/global-setup";
import {
  COMMUNITIES_VERSION,
  LIVE_ROOMS_VERSION,
  PARTICIPANTS_VERSION,
  ROOMS_HEAR_JOINS_ONCE_VERSION,
  SECURITY_REVIEW_VERSION,
  WATCH_TOGETHER_VERSION,
} from "./helpers/constants";

const before = (version: string) => String(Number(version) - 1).padStart(14, "0");

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setupTestCluster(project, async (adminUrl) => {
    await createTemplate(adminUrl, "tpl_before_participants", before(PARTICIPANTS_VERSION));
    await createTemplate(adminUrl, "tpl_before_live_rooms", before(LIVE_ROOMS_VERSION));
    await createTemplate(adminUrl, "tpl_before_reminders", before("20260117000000"));
    await createTemplate(adminUrl, "tpl_before_communities", before(COMMUNITIES_VERSION));
    await createTemplate(adminUrl, "tpl_communities", COMMUNITIES_VERSION);
    await createTemplate(adminUrl, "tpl_before_watch_together", before(WATCH_TOGETHER_VERSION));
    await createTemplate(adminUrl, "tpl_before_security_review", before(SECURITY_REVIEW_VERSION));
    await createTemplate(adminUrl, "tpl_before_rooms_hear_joins_once", before(ROOMS_HEAR_JOINS_ONCE_VERSION));
    await createTemplate(adminUrl, "tpl_before_habitat_succession", before("20260120000000"));
    await createTemplate(adminUrl, "tpl_before_live_habitat_members", before("20260121000000"));
  });
}
