// citation-js ships no type declarations; the tests use it only to parse what we write back.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    static async(data: unknown, options?: Record<string, unknown>): Promise<Cite>;
    data: Record<string, unknown>[];
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: { input: { has(name: string): boolean } };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
