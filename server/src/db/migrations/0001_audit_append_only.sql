-- The audit trail is append-only (QUALITY.md 23): UPDATE and TRUNCATE are refused for every
-- role, including the table owner. DELETE is refused too, except for the retention purge
-- (QUALITY.md 24), which must switch on linli.audit_purge in its own transaction and can only
-- remove entries older than the hard minimum of 180 days. The hash chain detects anything else.
CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('linli.audit_purge', true) = 'on' AND OLD.occurred_at < now() - interval '180 days' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_entry_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_entry_no_truncate
  BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
