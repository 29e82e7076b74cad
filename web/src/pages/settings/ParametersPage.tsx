// Placeholder replaced by the real page.
export default function ParametersPage() {
  return null;
}
