/** What every fpsim sub-command provides to the dispatcher. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** Runs the command and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
  run(argv: string[], io: CommandIo): Promise<number>;
}
