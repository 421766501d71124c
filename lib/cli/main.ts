#!/usr/bin/env node
// The `infratwin` command line: dispatches to a command (lib/cli/dispatch.ts) and exits with its code.
import { EXIT } from "./command";
import { dispatch } from "./dispatch";

dispatch(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = EXIT.internal;
  },
);
