// Placeholder replaced by the real page.
export default function OrgsPage() {
  return null;
}
