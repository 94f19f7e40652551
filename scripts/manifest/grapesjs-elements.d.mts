export const TARGET: string;
export function elementsModule(manifest: unknown): string;
