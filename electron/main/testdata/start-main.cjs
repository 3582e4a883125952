/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by node, as Electron would run main.cjs */
// Loads the built main bundle against the fake 'electron' (fake-electron.ts, built next to
// it by packaging.test.ts), lets it start, then prints
// what it did and the replies of a trusted and an untrusted getSession call.
const electron = require('electron');
require('./main.cjs');
electron.__test.markReady();
const trusted = { sender: { id: 1 }, senderFrame: { url: 'lockstep://app/index.html', parent: null } };
const foreign = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };
const deadline = Date.now() + 20_000;
const poll = setInterval(async () => {
  const handler = electron.__test.handlers.get('lockstep:call:getSession');
  const failed = electron.__test.calls.some(([name]) => name === 'showErrorBox');
  if (!handler && !failed && Date.now() < deadline) return;
  clearInterval(poll);
  const result = { calls: electron.__test.calls.map(([name, ...rest]) => [name, ...rest]), channels: [...electron.__test.handlers.keys()] };
  if (handler) {
    result.trusted = await handler(trusted, {});
    result.foreign = await handler(foreign, {});
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}, 50);
