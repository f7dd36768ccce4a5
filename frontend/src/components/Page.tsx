import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n';

let firstPage = true;

/**
 * A page: its heading, and the document title. After a client-side navigation the heading
 * takes the focus, so that screen readers announce the new page (as a full load would).
 */
export function Page({
  title,
  children,
  wide = false,
  lead,
}: {
  title: string;
  children: ComponentChildren;
  wide?: boolean;
  lead?: ComponentChildren;
}) {
  const { t } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div class={wide ? 'page page-wide' : 'page'}>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </div>
  );
}
