import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memGb: number;
  /** 1-minute load average when the run started and ended; above `cores` the numbers are pessimistic. */
  loadStart: number;
  loadEnd?: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    memGb: Math.round(totalmem() / 2 ** 30),
    loadStart: loadavg()[0] ?? 0,
  };
}

export function finishMachineInfo(m: MachineInfo): MachineInfo {
  return { ...m, loadEnd: loadavg()[0] ?? 0 };
}

export function describeMachine(m: MachineInfo): string {
  const load = `load average ${m.loadStart.toFixed(2)}${m.loadEnd === undefined ? '' : ` → ${m.loadEnd.toFixed(2)}`}`;
  return `${m.date}, Node ${m.node}, ${m.cores} × ${m.cpu}, ${m.memGb} GB RAM, ${load}`;
}
