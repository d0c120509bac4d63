// Renders children in a shadow root with their own stylesheet: a component made for CRM pages (the
// outcome form, styled for a shadow root) looks and behaves the same inside an extension page.
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";

export function ShadowFrame({ css, children, testId }: { css: string; children: ReactNode; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (el) setRoot(el.shadowRoot ?? el.attachShadow({ mode: "open" }));
  }, []);
  return (
    <div ref={host} data-testid={testId}>
      {root &&
        createPortal(
          <>
            <style>{css}</style>
            {children}
          </>,
          root,
        )}
    </div>
  );
}
