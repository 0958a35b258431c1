// Child-process entry of a container: the container side, over the IPC channel (advanced
// serialization, so the same values cross as with a worker). The child leaves when its parent
// disconnects, so it never outlives the host.
import type { HostMessage } from '../../protocol.ts';
import { isChannelWarmUp } from '../../container/channel-warm-up.ts';
import { serve } from '../../container/serve.ts';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('the container entry must run in a forked child process');
const exit = process.exit.bind(process);
process.on('disconnect', () => exit(0));
serve({
  send: (message) => {
    send(message);
  },
  onMessage: (handler) => process.on('message', (message: HostMessage) => {
    if (!isChannelWarmUp(message)) handler(message);
  }),
}, { moduleCacheDir: process.argv[2] ?? '' });
