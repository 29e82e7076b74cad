CREATE TABLE "business_calendar" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"company_id" uuid,
	"org_path" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"work_week" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL,
	"shifts" jsonb NOT NULL,
	"statutory" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_calendar_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "calendar_day" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"calendar_id" uuid NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holiday_day" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holiday_year" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_node" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"path" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"ticket_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"department" text,
	"severity" text,
	"response_minutes" integer,
	"resolution_minutes" integer,
	"calendar_time" boolean DEFAULT false NOT NULL,
	"return_visit_required" boolean DEFAULT true NOT NULL,
	"trade" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_node_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "contractor" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"contact_name" text,
	"contact_mobile" text,
	"phone" text,
	"notes" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contractor_scope" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contractor_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"building_id" uuid,
	"trade" text NOT NULL,
	"warranty_unit" text DEFAULT 'months' NOT NULL,
	"warranty_value" integer NOT NULL,
	"start_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "calendar_id" uuid;--> statement-breakpoint
ALTER TABLE "business_calendar" ADD CONSTRAINT "business_calendar_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_day" ADD CONSTRAINT "calendar_day_calendar_id_business_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holiday_day" ADD CONSTRAINT "holiday_day_year_holiday_year_year_fk" FOREIGN KEY ("year") REFERENCES "public"."holiday_year"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor" ADD CONSTRAINT "contractor_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_scope" ADD CONSTRAINT "contractor_scope_contractor_id_contractor_id_fk" FOREIGN KEY ("contractor_id") REFERENCES "public"."contractor"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_scope" ADD CONSTRAINT "contractor_scope_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_scope" ADD CONSTRAINT "contractor_scope_building_id_building_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."building"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "business_calendar_org_path_idx" ON "business_calendar" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendar_one_default_idx" ON "business_calendar" USING btree (coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "business_calendar"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_day_calendar_date_idx" ON "calendar_day" USING btree ("calendar_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "holiday_day_date_idx" ON "holiday_day" USING btree ("date");--> statement-breakpoint
CREATE INDEX "catalogue_node_parent_idx" ON "catalogue_node" USING btree ("parent_id","sort_order");--> statement-breakpoint
CREATE INDEX "catalogue_node_path_idx" ON "catalogue_node" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "catalogue_node_initials_idx" ON "catalogue_node" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "contractor_company_code_idx" ON "contractor" USING btree ("company_id","code");--> statement-breakpoint
CREATE INDEX "contractor_org_path_idx" ON "contractor" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contractor_scope_contractor_idx" ON "contractor_scope" USING btree ("contractor_id");--> statement-breakpoint
CREATE INDEX "contractor_scope_lookup_idx" ON "contractor_scope" USING btree ("project_id","trade","building_id");