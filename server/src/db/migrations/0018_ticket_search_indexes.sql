CREATE INDEX "ticket_text_grams_idx" ON "ticket" USING gin (customer_name_grams("title" || ' ' || coalesce("contact_name", '')));--> statement-breakpoint
CREATE INDEX "ticket_public_no_prefix_idx" ON "ticket" USING btree ("public_no" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ticket_contact_phone_suffix_idx" ON "ticket" USING btree (reverse("contact_phone") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ticket_merged_into_idx" ON "ticket" USING btree ("merged_into_id") WHERE "ticket"."merged_into_id" is not null;