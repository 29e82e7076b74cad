// Placeholder replaced by the real page.
export default function DictionariesPage() {
  return null;
}
