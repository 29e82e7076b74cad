CREATE TABLE "compensation_approval" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"role_code" text NOT NULL,
	"approver_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compensation_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"project_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"public_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"role_codes" text[] NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"payment_note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compensation_request_public_no_unique" UNIQUE("public_no")
);
--> statement-breakpoint
CREATE TABLE "compensation_tier" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"org_path" text NOT NULL,
	"max_amount_fen" bigint,
	"role_codes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_topic" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"project_id" uuid NOT NULL,
	"public_no" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"master_ticket_id" uuid,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_topic_public_no_unique" UNIQUE("public_no")
);
--> statement-breakpoint
CREATE TABLE "solution_article" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"title_pinyin" text NOT NULL,
	"title_initials" text NOT NULL,
	"body" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"catalogue_node_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ticket_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "solution_use" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"ticket_id" uuid,
	"user_id" uuid,
	"used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compensation_approval" ADD CONSTRAINT "compensation_approval_request_id_compensation_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."compensation_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_approval" ADD CONSTRAINT "compensation_approval_approver_id_app_user_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_request" ADD CONSTRAINT "compensation_request_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_request" ADD CONSTRAINT "compensation_request_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_request" ADD CONSTRAINT "compensation_request_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_request" ADD CONSTRAINT "compensation_request_requested_by_app_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_tier" ADD CONSTRAINT "compensation_tier_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_topic" ADD CONSTRAINT "complaint_topic_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_topic" ADD CONSTRAINT "complaint_topic_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_topic" ADD CONSTRAINT "complaint_topic_master_ticket_id_ticket_id_fk" FOREIGN KEY ("master_ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solution_article" ADD CONSTRAINT "solution_article_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solution_use" ADD CONSTRAINT "solution_use_article_id_solution_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."solution_article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solution_use" ADD CONSTRAINT "solution_use_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "compensation_approval_step_idx" ON "compensation_approval" USING btree ("request_id","step");--> statement-breakpoint
CREATE INDEX "compensation_org_path_idx" ON "compensation_request" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "compensation_project_idx" ON "compensation_request" USING btree ("project_id","requested_at");--> statement-breakpoint
CREATE INDEX "compensation_ticket_idx" ON "compensation_request" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "compensation_state_idx" ON "compensation_request" USING btree ("state","current_step");--> statement-breakpoint
CREATE INDEX "compensation_tier_company_idx" ON "compensation_tier" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "complaint_topic_org_path_idx" ON "complaint_topic" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "complaint_topic_project_idx" ON "complaint_topic" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "solution_article_org_path_idx" ON "solution_article" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "solution_article_catalogue_idx" ON "solution_article" USING gin ("catalogue_node_ids");--> statement-breakpoint
CREATE INDEX "solution_article_initials_idx" ON "solution_article" USING btree ("title_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "solution_use_article_idx" ON "solution_use" USING btree ("article_id","used_at");