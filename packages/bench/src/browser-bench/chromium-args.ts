/**
 * Command-line switches of every headless Chromium the repository launches (the browser bench and the
 * chromium test lanes): no sandbox (containers), and nothing that reaches the network on its own
 * (background networking, component updates, sync, QUIC), so runs stay offline and quiet.
 */
export const quietChromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
