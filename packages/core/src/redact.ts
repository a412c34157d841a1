/** Secrets never leave bd in a message: URLs are shown with their password replaced. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
  }
  if (url.password) url.password = "***";
  const shown = url.toString();
  // WHATWG adds a "/" to http URLs that had no path; keep the user's spelling.
  return shown.endsWith("/") && !raw.endsWith("/") ? shown.slice(0, -1) : shown;
}

