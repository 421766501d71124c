// The errors telemetry readers throw: bad input located by line and column, and interpretations only an option can settle.
import { InvalidArgumentError } from "../errors";

/** Input that cannot be read as telemetry; `line` and `column` are 1-based (column counts fields in CSV, characters elsewhere). */
export class TelemetryFormatError extends InvalidArgumentError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(api: string, where: { line?: number; column?: number }, message: string) {
    const at = where.line === undefined ? "" : `line ${where.line}${where.column === undefined ? "" : `, column ${where.column}`}: `;
    super(`${api}: ${at}${message}`);
    this.line = where.line;
    this.column = where.column;
  }
}

/** The data allow more than one reading (percent or fraction, seconds or milliseconds...); `option` names what settles it. */
export class AmbiguousTelemetryError extends InvalidArgumentError {
  readonly option: string;
  constructor(api: string, option: string, message: string) {
    super(`${api}: ${message} Settle it with options.${option}.`);
    this.option = option;
  }
}
