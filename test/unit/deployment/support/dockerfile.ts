import path from 'node:path';

/** One Dockerfile instruction, continuation lines joined. */
export interface DockerInstruction {
  /** Upper-cased: FROM, RUN, COPY, ... */
  readonly keyword: string;
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

export interface DockerStage {
  readonly index: number;
  readonly image: string;
  /** The `AS name`, if any. */
  readonly name: string | undefined;
  /** The instructions after FROM, up to the next FROM. */
  readonly instructions: readonly DockerInstruction[];
}

/**
 * Enough of the Dockerfile grammar for static checks: comments, line continuations, stages. Parser
 * directives and heredocs are not supported; a Dockerfile that needs them should fail these tests loudly.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const instructions: DockerInstruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    // Docker drops comment and empty lines, also inside a continued instruction.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (pending === undefined) pending = { parts: [part], line: i + 1 };
    else pending.parts.push(part);
    if (continues) return;
    const joined = pending.parts.filter((p) => p !== '').join(' ');
    const match = /^(\S+)\s*(.*)$/s.exec(joined);
    if (match?.[1] !== undefined) {
      instructions.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '', line: pending.line });
    }
    pending = undefined;
  });
  if (pending !== undefined) throw new Error(`Dockerfile ends inside a continued line ${pending.line}`);

  const stages: {
    index: number;
    image: string;
    name: string | undefined;
    instructions: DockerInstruction[];
  }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = words[0];
      if (image === undefined) throw new Error(`FROM without an image on line ${instruction.line}`);
      const name = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      stages.push({ index: stages.length, image, name, instructions: [] });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current === undefined) {
      if (instruction.keyword === 'ARG') continue; // ARG before the first FROM is allowed
      throw new Error(`${instruction.keyword} before the first FROM on line ${instruction.line}`);
    }
    current.instructions.push(instruction);
  }
  return stages;
}

/** The exec (JSON array) form of CMD/RUN/HEALTHCHECK CMD, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new Error(`not a JSON array of strings: ${args}`);
  }
  return parsed;
}

export interface CopyInstruction {
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
  readonly line: number;
}

/** COPY's --from, sources and destination (whitespace form; the JSON form is parsed too). */
export function parseCopy(instruction: DockerInstruction): CopyInstruction {
  const words = instruction.args.split(/\s+/).filter((w) => w !== '');
  const flags = words.filter((w) => w.startsWith('--'));
  const rest = words.filter((w) => !w.startsWith('--'));
  const paths = execForm(rest.join(' ')) ?? rest;
  const destination = paths[paths.length - 1];
  if (destination === undefined || paths.length < 2) {
    throw new Error(`COPY needs a source and a destination on line ${instruction.line}`);
  }
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination, line: instruction.line };
}

/** ENV in both forms: `ENV A=1 B="two"` and the legacy `ENV A 1`. */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const legacy = /^(\S+)\s+(.*)$/.exec(args);
    if (legacy?.[1] !== undefined) env[legacy[1]] = legacy[2] ?? '';
    return env;
  }
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
    const name = match[1];
    if (name !== undefined) env[name] = match[3] ?? match[4] ?? match[5] ?? '';
  }
  return env;
}

/** HEALTHCHECK's options and command; `command` is undefined for `HEALTHCHECK NONE`. */
export function parseHealthcheck(args: string): {
  options: Record<string, string>;
  command: string[] | undefined;
} {
  const options: Record<string, string> = {};
  let rest = args.trim();
  for (;;) {
    const option = /^--([a-z-]+)=(\S+)\s*/.exec(rest);
    if (option?.[1] === undefined || option[2] === undefined) break;
    options[option[1]] = option[2];
    rest = rest.slice(option[0].length);
  }
  if (/^NONE$/i.test(rest)) return { options, command: undefined };
  const cmd = /^CMD\s+(.*)$/is.exec(rest);
  if (cmd?.[1] === undefined) throw new Error(`HEALTHCHECK needs CMD or NONE: ${args}`);
  return { options, command: execForm(cmd[1]) ?? ['/bin/sh', '-c', cmd[1]] };
}

/** The working directory in effect after each instruction of a stage (relative WORKDIRs resolve). */
export function workdirAt(stage: DockerStage, instruction: DockerInstruction): string {
  let dir = '/';
  for (const current of stage.instructions) {
    if (current === instruction) break;
    if (current.keyword === 'WORKDIR') dir = path.posix.resolve(dir, current.args.trim());
  }
  return dir;
}

/** The user the stage's container runs as: its last USER, or root. */
export function finalUser(stage: DockerStage): string {
  const users = stage.instructions.filter((i) => i.keyword === 'USER');
  return users[users.length - 1]?.args.trim() ?? 'root';
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0];
  return name === 'root' || name === '0';
}
