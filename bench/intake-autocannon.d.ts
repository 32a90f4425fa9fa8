// The few autocannon types bench/intake.ts uses (the package ships no declarations).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    latency: { p50: number; p99: number; average: number };
  }
  export default function autocannon(options: Options): Promise<Result>;
}
