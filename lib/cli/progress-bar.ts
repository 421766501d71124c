// A terminal progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise (logs, CI).

export interface ProgressBar {
  update(fraction: number, detail?: string): void;
  done(detail?: string): void;
}

/** A progress bar labelled `label`; silent when `quiet`. */
export function progressBar(label: string, options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let finished = false;
  const render = (fraction: number, detail = "") => {
    const width = 24;
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%${detail ? "  " + detail : ""}`;
  };
  return {
    update(fraction, detail) {
      if (options.quiet || finished) return;
      if (tty) stream.write(`\r${render(fraction, detail)}\x1b[K`);
      else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(render(fraction, detail) + "\n");
        }
      }
    },
    done(detail) {
      if (options.quiet || finished) return;
      finished = true;
      stream.write((tty ? `\r${render(1, detail)}\x1b[K` : render(1, detail)) + "\n");
    },
  };
}
