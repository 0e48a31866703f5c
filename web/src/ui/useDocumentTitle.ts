import { useEffect } from 'react';

/** Sets `document.title` for the current page (the static `<title>` in index.html is the fallback). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
