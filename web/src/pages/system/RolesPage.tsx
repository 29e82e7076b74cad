// Placeholder replaced by the real page.
export default function RolesPage() {
  return null;
}
