/**
 * Ctrl-C (SIGINT) or SIGTERM stops the stack cleanly once; a second signal exits at
 * once (children still get SIGKILL from the process-exit hook, so none is orphaned).
 */
export function stopOnSignals(stop: () => Promise<void>, log: (line: string) => void = console.log): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    log(`\n${signal}: stopping the stack…`);
    const force = setTimeout(() => process.exit(code), 15_000);
    force.unref();
    stop().then(
      () => process.exit(code),
      (error: unknown) => {
        log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
