// Baseline: the cheapest possible child-process IPC round trip (message in, same message out).
process.on('message', (message) => process.send?.(message));
process.on('disconnect', () => process.exit(0));
