/** The tab icon, set from script so the page ships no extra file (and the browser asks for no /favicon.ico). */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b63b6"/><path d="M7 24V10h4v14zm7 0V15h4v9zm7 0v-5h4v5z" fill="#fff"/></svg>`;

export function setFavicon(doc: Document = document): void {
  if (doc.querySelector('link[rel~="icon"]')) return;
  const link = doc.createElement('link');
  link.rel = 'icon';
  link.type = 'image/svg+xml';
  link.href = `data:image/svg+xml,${encodeURIComponent(ICON)}`;
  doc.head.append(link);
}
