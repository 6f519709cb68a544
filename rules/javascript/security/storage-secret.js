export function remember(session) {
  // ruleid: storage-secret
  localStorage.setItem('authToken', session.token);
  // ruleid: storage-secret
  window.sessionStorage.setItem('jwt', session.jwt);
  // ok: storage-secret
  localStorage.setItem('theme', 'dark');
  // ok: storage-secret
  cache.setItem('token', session.token);
}
