// Placeholder replaced by the real page.
export default function AuditPage() {
  return null;
}
