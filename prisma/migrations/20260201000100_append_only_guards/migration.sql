-- Append-only tables are protected by the database, not only by convention: UPDATE, DELETE and TRUNCATE
-- on order_events and audit_log raise an error. The one exception is the retention job, which archives
-- old rows to files first and then deletes them inside a transaction that has run
--   SET LOCAL dalal.retention_delete = 'on';
-- (see docs/persistence.md). Prisma's schema does not model triggers, so this migration is hand-written
-- and `prisma migrate diff` ignores it.

-- CreateFunction
CREATE FUNCTION "dalal_refuse_mutation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('dalal.retention_delete', true) = 'on' THEN
    RETURN OLD;
  END IF;
  -- Default SQLSTATE P0001 (raise_exception): Prisma passes the message through unchanged.
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

-- CreateTrigger
CREATE TRIGGER "order_events_append_only" BEFORE UPDATE OR DELETE ON "order_events"
  FOR EACH ROW EXECUTE FUNCTION "dalal_refuse_mutation"();
CREATE TRIGGER "order_events_no_truncate" BEFORE TRUNCATE ON "order_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "dalal_refuse_mutation"();

-- CreateTrigger
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "dalal_refuse_mutation"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "dalal_refuse_mutation"();
