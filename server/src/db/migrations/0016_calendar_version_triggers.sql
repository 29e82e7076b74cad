-- The calendar version (see calendar_version in calendar.table.ts): one row, given a new random
-- value by every statement that changes a calendar, a calendar's own day or the official schedule.
INSERT INTO calendar_version (id) VALUES (true) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_calendar_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_version SET version = gen_random_uuid() WHERE id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER business_calendar_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON business_calendar
  FOR EACH STATEMENT EXECUTE FUNCTION bump_calendar_version();
--> statement-breakpoint
CREATE TRIGGER calendar_day_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION bump_calendar_version();
--> statement-breakpoint
CREATE TRIGGER holiday_year_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holiday_year
  FOR EACH STATEMENT EXECUTE FUNCTION bump_calendar_version();
--> statement-breakpoint
CREATE TRIGGER holiday_day_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holiday_day
  FOR EACH STATEMENT EXECUTE FUNCTION bump_calendar_version();
