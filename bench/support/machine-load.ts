import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU time of the whole machine so far (/proc/stat, in ticks): busy, stolen by the hypervisor (time this
 * virtual machine was ready to run but its host ran something else), and the total of both with idle.
 */
export function machineTicks(): { busy: number; steal: number; total: number } {
  try {
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const cpu =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1, 9).map(Number) ?? [];
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    const steal = cpu[7] ?? 0;
    return { busy: total - idle - steal, steal, total };
  } catch {
    return { busy: 0, steal: 0, total: 0 };
  }
}

/** What the machine did over a measured window: its load average at both ends, busy and stolen CPU. */
export interface MachineLoad {
  readonly loadAverage: { readonly start: number; readonly end: number };
  /** Share of the machine's CPU time that was busy (all processes, this benchmark's included). */
  readonly busyPercent: number;
  /** Share the hypervisor held back. */
  readonly stealPercent: number;
}

/** Starts watching the machine; the returned function ends the window and reports it. */
export function watchMachineLoad(): () => MachineLoad {
  const before = machineTicks();
  const loadBefore = os.loadavg()[0] ?? 0;
  return () => {
    const after = machineTicks();
    const total = Math.max(1, after.total - before.total);
    return {
      loadAverage: { start: Number(loadBefore.toFixed(2)), end: Number((os.loadavg()[0] ?? 0).toFixed(2)) },
      busyPercent: Math.round((100 * (after.busy - before.busy)) / total),
      stealPercent: Math.round((100 * (after.steal - before.steal)) / total),
    };
  };
}
