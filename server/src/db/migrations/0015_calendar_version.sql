CREATE TABLE "calendar_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "calendar_version_single_row" CHECK ("calendar_version"."id")
);
