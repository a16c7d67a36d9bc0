import type { Lang } from '../understanding/facts.js';
import { esc, langSwitch, layout } from './html.js';
import { CONSOLE_TEXT } from './text.js';

/** The sign-in page; `error` is shown above the form. `csrf` is the pre-session token. */
export function loginPage(lang: Lang, csrf: string, error: string | null, handle = ''): string {
  const t = CONSOLE_TEXT[lang];
  return layout(
    lang,
    t.title,
    `<main><form class="login" method="post" action="/console/login?lang=${lang}">
<h1>${esc(t.title)}</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="handle">${esc(t.handle)}</label><input id="handle" name="handle" autocomplete="username" required value="${esc(handle)}">
<label for="password">${esc(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${esc(t.signIn)}</button> ${langSwitch('/console/login', lang)}</p>
</form></main>`,
  );
}
