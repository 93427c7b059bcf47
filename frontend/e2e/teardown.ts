import { rmSync } from "node:fs";

/** Removes the temporary instance directory (SQLite database, JWT secret) of the run. */
export default function teardown(): void {
  const dir = process.env.E2E_INSTANCE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
