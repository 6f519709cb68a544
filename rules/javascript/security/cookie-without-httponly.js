export function login(req, res, session) {
  // ruleid: cookie-without-httponly
  res.cookie('sid', session.id);
  // ruleid: cookie-without-httponly
  res.cookie('sid', session.id, { secure: true });
  // ok: cookie-without-httponly
  res.cookie('sid', session.id, { httpOnly: true, secure: true, sameSite: 'lax' });
  // ok: cookie-without-httponly
  res.clearCookie('sid');
  // ok: cookie-without-httponly
  res.cookie('sid', session.id, COOKIE_OPTIONS);
}
