// Messages between the server and its worker host (host-entry.ts), over the child's IPC channel.
// Container messages ride inside them untouched: the container client parses those.
import type { HostMessage } from '../../protocol.ts';
import type { ExitReason } from '../transport.ts';

export type WorkerHostCommand =
  | { readonly type: 'start'; readonly id: string; readonly heapMb: number }
  | { readonly type: 'send'; readonly id: string; readonly message: HostMessage }
  | { readonly type: 'kill'; readonly id: string };

export type WorkerHostEvent =
  | { readonly type: 'message'; readonly id: string; readonly message: unknown }
  | { readonly type: 'exit'; readonly id: string; readonly reason: ExitReason };
