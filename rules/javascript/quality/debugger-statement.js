export function step(state) {
  // ruleid: debugger-statement
  debugger;
  // ok: debugger-statement
  const debuggerEnabled = state.debug;
  // ok: debugger-statement
  log('debugger attached');
  return debuggerEnabled;
}
