import { styleText } from 'node:util';

// Colours only where a person reads them: styleText checks the stream is a TTY and honours
// NO_COLOR / NODE_DISABLE_COLORS / FORCE_COLOR itself, so no command reads the environment.

type Format = Parameters<typeof styleText>[0];

export type Paint = (format: Format, text: string) => string;

/** A painter for one stream (default stdout). */
export function painter(stream: NodeJS.WriteStream = process.stdout): Paint {
  return (format, text) => styleText(format, text, { stream, validateStream: true });
}
