CREATE TABLE "customer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"gender" text,
	"birthday" date,
	"id_type" text,
	"id_number_encrypted" text,
	"id_number_hash" text,
	"id_last6_hash" text,
	"id_number_masked" text,
	"source" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"active" boolean DEFAULT true NOT NULL,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_phone" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" text NOT NULL,
	"last4" text NOT NULL,
	"label" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupancy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"role" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_phone" ADD CONSTRAINT "customer_phone_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupancy" ADD CONSTRAINT "occupancy_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupancy" ADD CONSTRAINT "occupancy_room_id_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."room"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupancy" ADD CONSTRAINT "occupancy_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_company_code_idx" ON "customer" USING btree ("company_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_company_id_hash_idx" ON "customer" USING btree ("company_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "customer_id_last6_idx" ON "customer" USING btree ("id_last6_hash");--> statement-breakpoint
CREATE INDEX "customer_initials_idx" ON "customer" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customer_pinyin_idx" ON "customer" USING btree ("name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customer_name_idx" ON "customer" USING btree ("name");--> statement-breakpoint
CREATE INDEX "customer_org_path_idx" ON "customer" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customer_phone_customer_idx" ON "customer_phone" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_phone_number_idx" ON "customer_phone" USING btree ("number");--> statement-breakpoint
CREATE INDEX "customer_phone_last4_idx" ON "customer_phone" USING btree ("last4");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_phone_one_primary_idx" ON "customer_phone" USING btree ("customer_id") WHERE "customer_phone"."is_primary";--> statement-breakpoint
CREATE INDEX "occupancy_customer_idx" ON "occupancy" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "occupancy_room_idx" ON "occupancy" USING btree ("room_id","from_date");--> statement-breakpoint
CREATE INDEX "occupancy_project_idx" ON "occupancy" USING btree ("project_id");