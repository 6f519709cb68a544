/** Rules whose findings name one binding and get concrete rename suggestions from the names model (kept apart so the engine can check without loading the model code). */
export const NAMING_RULES: ReadonlySet<string> = new Set(['short-identifier']);
