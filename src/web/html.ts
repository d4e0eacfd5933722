/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A page in Frontdesk's plain layout. `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Frontdesk</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2733}
main{max-width:44rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
.ref{font-family:ui-monospace,monospace;background:#eef1f4;padding:.1rem .4rem;border-radius:4px}
a.button,button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;text-decoration:none;font-size:1rem;cursor:pointer}
</style></head><body><main>${body}</main></body></html>`;
}
