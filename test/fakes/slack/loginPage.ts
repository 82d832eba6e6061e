/**
 * What files.slack.com answers to a download without a valid token or without the files:read scope: a 200 HTML
 * sign-in page, not an error status. Bots that only check `response.ok` save this page as "audio".
 */
export function loginPageHtml(teamDomain: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-US" class="">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>Sign in to ${teamDomain} | Slack</title>`,
    '<meta name="robots" content="noindex,nofollow">',
    '</head>',
    '<body class="full_height">',
    `<h1>Sign in to ${teamDomain}</h1>`,
    `<p>${teamDomain}.slack.com</p>`,
    '<form id="signin_form" action="/" method="post"><input type="email" name="email">',
    '<input type="password" name="password"><button type="submit" id="signin_btn">Sign in</button></form>',
    '</body>',
    '</html>',
  ].join('\n');
}
