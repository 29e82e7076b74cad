CREATE TABLE "call_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text DEFAULT 'cti' NOT NULL,
	"external_id" text NOT NULL,
	"direction" text NOT NULL,
	"caller_number" text NOT NULL,
	"called_number" text NOT NULL,
	"extension" text,
	"agent_user_id" uuid,
	"company_id" uuid,
	"state" text NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"recording_url" text,
	"customer_id" uuid,
	"reception_id" uuid,
	"callback_state" text DEFAULT 'none' NOT NULL,
	"callback_user_id" uuid,
	"callback_at" timestamp with time zone,
	"callback_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cti_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid,
	"kind" text NOT NULL,
	"signature_hash" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_channel" (
	"channel" text PRIMARY KEY NOT NULL,
	"provider" text DEFAULT 'outbox' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credentials_enc" text,
	"quiet_start" text,
	"quiet_end" text,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_template" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"sms_sign_name" text,
	"sms_template_code" text,
	"wechat_template_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"template_id" uuid,
	"recipient_user_id" uuid,
	"recipient_customer_id" uuid,
	"recipient_name" text,
	"address_enc" text NOT NULL,
	"address_hash" text NOT NULL,
	"address_masked" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ticket_id" uuid,
	"company_id" uuid,
	"urgent" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"provider" text,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer" ADD COLUMN "wechat_open_id" text;--> statement-breakpoint
ALTER TABLE "notification" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "extension" text;--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "wechat_open_id" text;--> statement-breakpoint
ALTER TABLE "call_record" ADD CONSTRAINT "call_record_agent_user_id_app_user_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_record" ADD CONSTRAINT "call_record_company_id_organization_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_record" ADD CONSTRAINT "call_record_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_record" ADD CONSTRAINT "call_record_reception_id_reception_record_id_fk" FOREIGN KEY ("reception_id") REFERENCES "public"."reception_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_record" ADD CONSTRAINT "call_record_callback_user_id_app_user_id_fk" FOREIGN KEY ("callback_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cti_event" ADD CONSTRAINT "cti_event_call_id_call_record_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."call_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_channel" ADD CONSTRAINT "message_channel_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template" ADD CONSTRAINT "message_template_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_template_id_message_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_template"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_recipient_user_id_app_user_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_recipient_customer_id_customer_id_fk" FOREIGN KEY ("recipient_customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_record_external_idx" ON "call_record" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "call_record_created_idx" ON "call_record" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "call_record_agent_idx" ON "call_record" USING btree ("agent_user_id","created_at");--> statement-breakpoint
CREATE INDEX "call_record_caller_idx" ON "call_record" USING btree ("caller_number");--> statement-breakpoint
CREATE INDEX "call_record_customer_idx" ON "call_record" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "call_record_callback_idx" ON "call_record" USING btree ("company_id","created_at") WHERE "call_record"."callback_state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "cti_event_signature_idx" ON "cti_event" USING btree ("signature_hash");--> statement-breakpoint
CREATE INDEX "cti_event_call_idx" ON "cti_event" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "cti_event_received_idx" ON "cti_event" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_template_event_channel_idx" ON "message_template" USING btree ("event","channel");--> statement-breakpoint
CREATE INDEX "outbound_message_due_idx" ON "outbound_message" USING btree ("next_attempt_at") WHERE "outbound_message"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "outbound_message_created_idx" ON "outbound_message" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbound_message_ticket_idx" ON "outbound_message" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "outbound_message_address_idx" ON "outbound_message" USING btree ("address_hash");--> statement-breakpoint
CREATE INDEX "outbound_message_provider_idx" ON "outbound_message" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_extension_idx" ON "app_user" USING btree ("extension");