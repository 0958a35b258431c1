import type { InstallProgress } from '../runtime/modules/install.ts';

// The progress indicator of dependency installation: on a terminal one line that ticks the
// elapsed seconds and is replaced when done; elsewhere (CI, pipes) one plain line per step.

export function installProgress(stream: NodeJS.WriteStream = process.stderr): (event: InstallProgress) => void {
  const tty = stream.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  return (event) => {
    const what = event.packages.join(', ');
    if (event.stage === 'start') {
      if (!tty) { stream.write(`installing ${what}\n`); return; }
      const started = Date.now();
      const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
      let i = 0;
      const draw = () => stream.write(`\r\x1b[2K${frames[i++ % frames.length]} installing ${what} (${Math.round((Date.now() - started) / 1000)} s)`);
      draw();
      timer = setInterval(draw, 250);
      timer.unref();
      return;
    }
    if (timer) clearInterval(timer);
    timer = undefined;
    stream.write(`${tty ? '\r\x1b[2K' : ''}installed ${what} in ${(event.durationMs / 1000).toFixed(1)} s\n`);
  };
}
