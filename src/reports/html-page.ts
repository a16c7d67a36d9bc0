/** Text made safe inside HTML elements and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A label in Chinese with its English under it, as every heading of the public pages shows. */
export function both(zh: string, en: string): string {
  return `${esc(zh)}<span class="en">${esc(en)}</span>`;
}

// Small, readable on a phone, printable; no web fonts, no images, no scripts.
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1b1f23;background:#f6f7f8}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .4rem}
.en{display:block;font-size:.8em;font-weight:normal;color:#57606a}p{margin:.4rem 0}.muted{color:#57606a;font-size:.9rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(7.5rem,1fr));gap:.5rem}.tile{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.5rem .7rem}
.tile b{display:block;font-size:1.5rem}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;background:#fff;min-width:100%;font-size:.92rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left;white-space:normal}thead th{background:#eef1f4;vertical-align:bottom}tfoot td{font-weight:bold}
ol.cases{list-style:none;padding:0;margin:0}ol.cases li{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem;margin:.5rem 0}
.num{font-family:ui-monospace,monospace;font-weight:bold}dl{margin:.3rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem}dt{color:#57606a}dd{margin:0}
footer{margin-top:2rem;border-top:1px solid #d0d7de;padding-top:.6rem}a{color:#0550ae}`;

/** A whole self-contained page: Chinese first, English second; the policy forbids any script. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}
