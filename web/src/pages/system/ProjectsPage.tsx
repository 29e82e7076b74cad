// Placeholder replaced by the real page.
export default function ProjectsPage() {
  return null;
}
