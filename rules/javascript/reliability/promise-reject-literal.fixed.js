export function check(value) {
  if (value < 0) {
    // ruleid: promise-reject-literal
    return Promise.reject(new Error('negative value'));
  }
  if (value > 100) {
    // ruleid: promise-reject-literal
    return Promise.reject({ code: 'TOO_BIG' });
  }
  if (Number.isNaN(value)) {
    // ok: promise-reject-literal
    return Promise.reject(new Error('not a number'));
  }
  // ok: promise-reject-literal
  return Promise.resolve('fine');
}
