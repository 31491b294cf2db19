const H = [["Content-Security-Policy","default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"],["X-Content-Type-Options","nosniff"],["Referrer-Policy","no-referrer"],["X-Frame-Options","SAMEORIGIN"],["Cross-Origin-Opener-Policy","same-origin"],["Cross-Origin-Resource-Policy","same-origin"],["Permissions-Policy","camera=(), microphone=(), geolocation=(), payment=()"],["Strict-Transport-Security","max-age=31536000"],["Cache-Control","no-store"],["Content-Type","application/json; charset=utf-8"]];
const body = '{"ok":true,"service":"lagesbild","db":"ok"}\n';
const bytes = new TextEncoder().encode(body);
export default { async fetch(req, env, ctx) {
  const p = new URL(req.url).pathname;
  if (p === "/plain") return new Response(body);
  if (p === "/hdrs") { const h = new Headers(); for (const [k, v] of H) h.append(k, v); return new Response(body, {status: 200, headers: h}); }
  if (p === "/bytes") { const h = new Headers(); for (const [k, v] of H) h.append(k, v); return new Response(new Uint8Array(bytes), {status: 200, headers: h}); }
  if (p === "/wait") { let a; const r = new Promise((res) => { a = res; }); ctx.waitUntil((async () => { a(new Response(body)); })()); return r; }
  if (p === "/reqhead") { let head = `${req.method} ${req.url}\n`; for (const [k, v] of req.headers) head += `${k}: ${v}\n`; return new Response(head); }
  return new Response("?");
}};
