// Postgres refuses to run as root. When we are root, the server runs as an unprivileged OS user
// that must be able to reach its binaries and data directory; this module finds (or creates) that
// user and answers "can that user reach this path?".
import { execFileSync } from "node:child_process";
import { accessSync, constants, cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { userInfo } from "node:os";

export interface OsUser {
  uid: number;
  gid: number;
  name: string;
}

const SERVICE_USER = "postgres";

/** The OS user Postgres runs as: ourselves, unless we are root. */
export function serviceUser(): OsUser | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = (): OsUser | undefined => {
    try {
      const uid = Number(execFileSync("id", ["-u", SERVICE_USER], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", SERVICE_USER], { encoding: "utf8" }).trim());
      return { uid, gid, name: SERVICE_USER };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER]);
  const created = lookup();
  if (!created) throw new Error(`could not create the OS user "${SERVICE_USER}" to run Postgres as`);
  return created;
}

/** True when `user` may enter every directory from / down to `path` (the check Postgres trips on). */
export function canTraverse(path: string, user: OsUser): boolean {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const bits = st.uid === user.uid ? (st.mode >> 6) & 7 : st.gid === user.gid ? (st.mode >> 3) & 7 : st.mode & 7;
      if ((bits & 1) === 0) return false;
    }
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/**
 * The folder holding bin/, lib/ and share/ of the Postgres build, copied to `cacheDir` when the
 * service user cannot reach the copy inside node_modules (a project under a 0700 home).
 */
export function reachableNative(nativeDir: string, cacheDir: string, user: OsUser | undefined): string {
  if (!user || canTraverse(join(nativeDir, "bin"), user)) return nativeDir;
  const target = join(cacheDir, "native");
  if (!existsSync(join(target, "bin", "postgres"))) {
    mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
  }
  accessSync(join(target, "bin", "postgres"), constants.X_OK);
  return target;
}
