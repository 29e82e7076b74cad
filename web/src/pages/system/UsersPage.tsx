// Placeholder replaced by the real page.
export default function UsersPage() {
  return null;
}
