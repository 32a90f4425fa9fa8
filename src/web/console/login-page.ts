/**
 * Console sign-in and the one-time account set-up page (the link printed on first run or given
 * by an admin): the person chooses their own password; nobody else ever sets one.
 */
import { field } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { consolePage } from './layout.ts';

export function loginPage(csrf: string, error: string | null, email = ''): Html {
  return consolePage(
    'Sign in',
    null,
    html`<h1>Sign in</h1>
      ${error ? html`<div class="summary" role="alert"><p>${error}</p></div>` : ''}
      <form method="post" action="/staff/login" novalidate>
        <input type="hidden" name="_csrf" value="${csrf}" />
        ${field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'username', value: email })}
        ${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
        <p><button type="submit">Sign in</button></p>
      </form>`,
  );
}

export function setupPage(token: string, error: string | null): Html {
  return consolePage(
    'Choose your password',
    null,
    html`<h1>Choose your password</h1>
      ${error ? html`<div class="summary" role="alert"><p>${error}</p></div>` : ''}
      <form method="post" action="/setup" novalidate>
        <input type="hidden" name="token" value="${token}" />
        ${field({ name: 'password', label: 'New password', hint: 'At least 12 characters. A few unrelated words work well.', type: 'password', autocomplete: 'new-password' })}
        <p><button type="submit">Save password</button></p>
      </form>`,
  );
}

export function forbiddenPage(
  who: Parameters<typeof consolePage>[1],
  message: string,
  title = 'Not allowed',
): Html {
  return consolePage(
    title,
    who,
    html`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/staff">Back to the queue</a></p>`,
  );
}

/** A console request that failed: stays in the console, with the request id to quote. */
export function consoleErrorPage(status: number, requestId: string): Html {
  const title = status === 404 ? 'Not found' : status < 500 ? 'That did not work' : 'Something went wrong';
  const text =
    status < 500
      ? 'The console could not use what was sent. Go back, reload the page and try again.'
      : 'The action failed on our side and nothing was changed. Try again; if it keeps failing, give your administrator this reference:';
  return consolePage(
    title,
    null,
    html`<h1>${title}</h1>
      <p>${text} <code>${requestId}</code></p>
      <p><a href="/staff">Back to the queue</a></p>`,
  );
}
