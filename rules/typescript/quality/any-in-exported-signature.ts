// ruleid: any-in-exported-signature
export function parse(input: any): Config {
  // ok: any-in-exported-signature
  const raw: any = JSON.parse(String(input));
  return raw as Config;
}

// ruleid: any-in-exported-signature
export const load = async (path: string): Promise<any> => read(path);

export class Store {
  // ruleid: any-in-exported-signature
  get(key: string): any {
    return this.data[key];
  }

  // ok: any-in-exported-signature
  private raw(value: any): void {
    this.data.raw = value;
  }
}

// ok: any-in-exported-signature
function internal(value: any): any {
  return value;
}

// ok: any-in-exported-signature
export function safe(input: unknown): string {
  return String(input);
}
