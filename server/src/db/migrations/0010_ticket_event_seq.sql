DROP INDEX "ticket_event_ticket_idx";--> statement-breakpoint
ALTER TABLE "ticket_event" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "ticket_event_ticket_idx" ON "ticket_event" USING btree ("ticket_id","occurred_at","seq");