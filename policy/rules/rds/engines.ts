/** What the RDS rules need to know about an instance's or cluster's engine. */
import type { Resource } from "../../model";
import { str, type Maybe } from "../../values";

/** The engine as written: a string, UNKNOWN for an expression, undefined when not set. */
export const engineOf = (db: Resource): Maybe<string> => str(db.values.engine);

/** Whether the engine is (or, being an expression, may be) PostgreSQL: `postgres` or `aurora-postgresql`. */
export function mayBePostgres(db: Resource): boolean {
  const engine = engineOf(db);
  return typeof engine !== "string" || engine.includes("postgres");
}

/** A read replica or a restore takes its engine settings and master user from its source. */
export const fromSource = (db: Resource): boolean => db.values.replicate_source_db !== undefined || db.values.snapshot_identifier !== undefined;
