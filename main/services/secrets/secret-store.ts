/**
 * Where secrets live (tokens, passwords, service ids). Config files, logs, exports and REST
 * answers hold only a reference (a `SecretRef` name); the value is read from this port when a
 * connection needs it. Implementations: Electron's safeStorage (the desktop shell), a 0600 file
 * (the headless host), and memory (tests).
 */

export interface SecretStore {
  get(ref: string): Promise<string | undefined>
  set(ref: string, value: string): Promise<void>
  delete(ref: string): Promise<void>
  /** The references that have a value (never the values). */
  list(): Promise<string[]>
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>()

  constructor(initial: Record<string, string> = {}) {
    for (const [ref, value] of Object.entries(initial)) this.values.set(ref, value)
  }

  async get(ref: string): Promise<string | undefined> {
    return this.values.get(ref)
  }

  async set(ref: string, value: string): Promise<void> {
    this.values.set(ref, value)
  }

  async delete(ref: string): Promise<void> {
    this.values.delete(ref)
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()].sort()
  }
}
