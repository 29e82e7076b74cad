CREATE INDEX "notification_ticket_idx" ON "notification" USING btree ("ticket_id","kind");--> statement-breakpoint
CREATE INDEX "return_visit_pending_due_idx" ON "return_visit" USING btree ("due_at") WHERE "return_visit"."visited_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_open_scope_idx" ON "ticket" USING btree ("org_path" text_pattern_ops,"created_at") WHERE "ticket"."state" in ('new', 'dispatched', 'accepted', 'in_progress', 'waiting', 'reopened');--> statement-breakpoint
CREATE INDEX "ticket_resolution_due_idx" ON "ticket" USING btree ("resolution_due_at","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ticket_provisional_idx" ON "ticket" USING btree ("id") WHERE "ticket"."deadline_provisional";