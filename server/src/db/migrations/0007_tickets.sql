CREATE TABLE "duty_assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"user_id" uuid NOT NULL,
	"project_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ticket_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"department" text,
	"weekdays" smallint[] DEFAULT '{1,2,3,4,5,6,7}'::smallint[] NOT NULL,
	"start_time" time DEFAULT '00:00' NOT NULL,
	"end_time" time DEFAULT '24:00' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_level" (
	"policy_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"name" text NOT NULL,
	"after_minutes" integer NOT NULL,
	"target_kind" text NOT NULL,
	"role_code" text,
	"user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "escalation_level_policy_id_level_pk" PRIMARY KEY("policy_id","level")
);
--> statement-breakpoint
CREATE TABLE "escalation_policy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"ticket_type" text,
	"catalogue_node_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"ticket_id" uuid,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_number_counter" (
	"prefix" text NOT NULL,
	"day" text NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "public_number_counter_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE TABLE "reception_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"project_id" uuid NOT NULL,
	"public_no" text NOT NULL,
	"channel" text NOT NULL,
	"caller_name" text,
	"caller_phone" text,
	"customer_id" uuid,
	"room_id" uuid,
	"content" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reception_record_public_no_unique" UNIQUE("public_no")
);
--> statement-breakpoint
CREATE TABLE "return_visit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"agent_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"visited_at" timestamp with time zone,
	"visited_by" uuid,
	"reached" boolean,
	"satisfaction" smallint,
	"comment" text,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"project_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ticket_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"catalogue_node_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"target_kind" text NOT NULL,
	"target_user_id" uuid,
	"target_org_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_timer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"clock" text NOT NULL,
	"kind" text NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"fire_at" timestamp with time zone,
	"fired_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"project_id" uuid NOT NULL,
	"public_no" text NOT NULL,
	"reception_id" uuid,
	"type" text NOT NULL,
	"catalogue_item_id" uuid,
	"room_id" uuid,
	"customer_id" uuid,
	"contact_name" text,
	"contact_phone" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"severity" text DEFAULT 'normal' NOT NULL,
	"state" text NOT NULL,
	"owner_agent_id" uuid NOT NULL,
	"handler_kind" text,
	"handler_user_id" uuid,
	"handler_org_id" uuid,
	"contractor_id" uuid,
	"dispatch_method" text,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"round" integer DEFAULT 1 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"calendar_id" uuid,
	"clock_mode" text DEFAULT 'business' NOT NULL,
	"response_minutes" integer,
	"resolution_minutes" integer,
	"clock_started_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"deadline_provisional" boolean DEFAULT false NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"response_overdue" boolean DEFAULT false NOT NULL,
	"resolution_overdue" boolean DEFAULT false NOT NULL,
	"sla_warned" boolean DEFAULT false NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalation_count" integer DEFAULT 0 NOT NULL,
	"return_visit_required" boolean DEFAULT true NOT NULL,
	"satisfaction" smallint,
	"topic_id" uuid,
	"merged_into_id" uuid,
	"cancel_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_public_no_unique" UNIQUE("public_no")
);
--> statement-breakpoint
CREATE TABLE "ticket_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"event_id" uuid,
	"kind" text NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_escalation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"clock" text NOT NULL,
	"level" integer NOT NULL,
	"level_name" text NOT NULL,
	"recipient_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"senior" boolean DEFAULT false NOT NULL,
	"fired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" uuid,
	"actor_name" text,
	"visibility" text DEFAULT 'internal' NOT NULL,
	"body" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_view" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
ALTER TABLE "duty_assignment" ADD CONSTRAINT "duty_assignment_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_assignment" ADD CONSTRAINT "duty_assignment_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_level" ADD CONSTRAINT "escalation_level_policy_id_escalation_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policy"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_policy" ADD CONSTRAINT "escalation_policy_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_policy" ADD CONSTRAINT "escalation_policy_catalogue_node_id_catalogue_node_id_fk" FOREIGN KEY ("catalogue_node_id") REFERENCES "public"."catalogue_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_record" ADD CONSTRAINT "reception_record_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_record" ADD CONSTRAINT "reception_record_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_record" ADD CONSTRAINT "reception_record_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_record" ADD CONSTRAINT "reception_record_room_id_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."room"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_record" ADD CONSTRAINT "reception_record_agent_id_app_user_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visit" ADD CONSTRAINT "return_visit_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visit" ADD CONSTRAINT "return_visit_agent_id_app_user_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_target_user_id_app_user_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_target_org_id_organization_id_fk" FOREIGN KEY ("target_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_timer" ADD CONSTRAINT "sla_timer_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_reception_id_reception_record_id_fk" FOREIGN KEY ("reception_id") REFERENCES "public"."reception_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_catalogue_item_id_catalogue_node_id_fk" FOREIGN KEY ("catalogue_item_id") REFERENCES "public"."catalogue_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_room_id_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."room"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_owner_agent_id_app_user_id_fk" FOREIGN KEY ("owner_agent_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_handler_user_id_app_user_id_fk" FOREIGN KEY ("handler_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_handler_org_id_organization_id_fk" FOREIGN KEY ("handler_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_contractor_id_contractor_id_fk" FOREIGN KEY ("contractor_id") REFERENCES "public"."contractor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_event_id_ticket_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."ticket_event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_escalation" ADD CONSTRAINT "ticket_escalation_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_view" ADD CONSTRAINT "ticket_view_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_assignment_company_idx" ON "duty_assignment" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "duty_assignment_user_idx" ON "duty_assignment" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "escalation_policy_org_path_idx" ON "escalation_policy" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_unread_idx" ON "notification" USING btree ("user_id") WHERE "notification"."read_at" is null;--> statement-breakpoint
CREATE INDEX "reception_org_path_idx" ON "reception_record" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "reception_project_idx" ON "reception_record" USING btree ("project_id","received_at");--> statement-breakpoint
CREATE INDEX "reception_customer_idx" ON "reception_record" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "reception_caller_phone_idx" ON "reception_record" USING btree ("caller_phone");--> statement-breakpoint
CREATE UNIQUE INDEX "return_visit_ticket_round_idx" ON "return_visit" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "return_visit_agent_idx" ON "return_visit" USING btree ("agent_id","visited_at");--> statement-breakpoint
CREATE INDEX "routing_rule_company_idx" ON "routing_rule" USING btree ("company_id","priority");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_timer_unique_idx" ON "sla_timer" USING btree ("ticket_id","round","clock","kind","level");--> statement-breakpoint
CREATE INDEX "sla_timer_due_idx" ON "sla_timer" USING btree ("fire_at") WHERE "sla_timer"."fired_at" is null and "sla_timer"."cancelled_at" is null and "sla_timer"."fire_at" is not null;--> statement-breakpoint
CREATE INDEX "ticket_org_path_idx" ON "ticket" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ticket_project_created_idx" ON "ticket" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_state_idx" ON "ticket" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "ticket_company_created_idx" ON "ticket" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_handler_user_idx" ON "ticket" USING btree ("handler_user_id","state");--> statement-breakpoint
CREATE INDEX "ticket_handler_org_idx" ON "ticket" USING btree ("handler_org_id","state");--> statement-breakpoint
CREATE INDEX "ticket_owner_agent_idx" ON "ticket" USING btree ("owner_agent_id","state");--> statement-breakpoint
CREATE INDEX "ticket_customer_idx" ON "ticket" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_room_idx" ON "ticket" USING btree ("room_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_reception_idx" ON "ticket" USING btree ("reception_id");--> statement-breakpoint
CREATE INDEX "ticket_contractor_idx" ON "ticket" USING btree ("contractor_id","state");--> statement-breakpoint
CREATE INDEX "ticket_topic_idx" ON "ticket" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "ticket_catalogue_idx" ON "ticket" USING btree ("catalogue_item_id");--> statement-breakpoint
CREATE INDEX "ticket_attachment_ticket_idx" ON "ticket_attachment" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_escalation_unique_idx" ON "ticket_escalation" USING btree ("ticket_id","round","clock","level");--> statement-breakpoint
CREATE INDEX "ticket_escalation_recipients_idx" ON "ticket_escalation" USING gin ("recipient_ids");--> statement-breakpoint
CREATE INDEX "ticket_event_ticket_idx" ON "ticket_event" USING btree ("ticket_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_view_user_name_idx" ON "ticket_view" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" USING btree ("created_at");