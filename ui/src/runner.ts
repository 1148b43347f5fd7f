// Running commands from the page: one at a time per name, errors to the banner unless the
// caller shows them itself, and nothing while the session is ending.
import type { ErrorCode } from "./bindings";
import { errorCodeOf, type Call, type Outcome } from "./ipc";

export interface CommandRunner {
  /** See `Call`: the value or the error code; errors not in `own` go to the banner. */
  call: Call;
  /** `call`, with the value or undefined; errors in `quiet` are left to their event. */
  run<T>(name: string, command: () => Promise<T>, quiet?: readonly ErrorCode[]): Promise<T | undefined>;
}

export interface RunnerHooks {
  /** True once the session is ending: no command starts then. */
  ending(): boolean;
  showError(error: unknown): void;
  clearError(): void;
  /** A command found no session (Rust ended it meanwhile): show what Rust says now. */
  sessionGone(): void;
}

export function createCommandRunner(hooks: RunnerHooks): CommandRunner {
  const pending = new Set<string>();
  const call = async <T>(name: string, command: () => Promise<T>, own: readonly ErrorCode[] = []): Promise<Outcome<T>> => {
    if (hooks.ending() || pending.has(name)) return { ok: false, code: null };
    pending.add(name);
    try {
      const value = await command();
      hooks.clearError();
      return { ok: true, value };
    } catch (error) {
      const code = errorCodeOf(error);
      if (own.includes(code)) hooks.clearError();
      else hooks.showError(error);
      if (code === "noActiveSession") hooks.sessionGone();
      return { ok: false, code };
    } finally {
      pending.delete(name);
    }
  };
  return {
    call,
    async run(name, command, quiet = []) {
      const outcome = await call(name, command, quiet);
      return outcome.ok ? outcome.value : undefined;
    },
  };
}
