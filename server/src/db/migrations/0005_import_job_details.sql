ALTER TABLE "import_job" ADD COLUMN "phase" text;--> statement-breakpoint
ALTER TABLE "import_job" ADD COLUMN "locale" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_job" ADD COLUMN "default_project_id" uuid;