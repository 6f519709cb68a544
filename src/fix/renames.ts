/**
 * The names model's renames under `toasty fix --unsafe`. The model runs asynchronously, so this pass
 * runs before the synchronous rule fixes: one rename at a time, each re-graded (its finding gone,
 * the text still parses, no new problem) and the next suggestion computed on the renamed text, so
 * two short names in one scope never receive the same new name.
 */
import { NAMING_RULES } from '../neural/names/rules.js';
import { applied, candidates, grade, tryBatch, type AppliedFix, type RolledBack, type TextFixer } from './fix-text.js';

/** At most this many renames per file (each costs a grade and a model call). */
const MAX_RENAMES = 50;

export interface RenameResult {
  text: string;
  applied: AppliedFix[];
  rolledBack: RolledBack[];
}

/** `model`: the config's `neural.model` (null: the bundled models). A names model that cannot load leaves the text as it is. */
export async function renamePass(fixer: TextFixer, original: string, model: string | null | undefined): Promise<RenameResult> {
  const result: RenameResult = { text: original, applied: [], rolledBack: [] };
  if (!fixer.policy.unsafe || !fixer.rules.some((r) => NAMING_RULES.has(r.rule.id))) return result;
  if (fixer.policy.rules && ![...NAMING_RULES].some((id) => fixer.policy.rules!.has(id))) return result;
  const { suggestNames, namesDir } = await import('../neural/names/suggest.js');
  const modelDir = namesDir(model);
  const rejected = new Set<string>();
  let text = original;
  let graded = grade(fixer, text);
  for (let n = 0; n < MAX_RENAMES && graded.parsed && graded.model; n++) {
    const naming = graded.open.filter((f) => NAMING_RULES.has(f.ruleId));
    if (naming.length === 0) break;
    try {
      await suggestNames(graded.model, naming, { modelDir });
    } catch {
      break; // `toasty grade` says why the names model is unavailable; fix keeps to the rules' own fixes.
    }
    const next = candidates(fixer, text, graded, rejected).find((c) => NAMING_RULES.has(c.finding.ruleId));
    if (!next) break;
    const tried = tryBatch(fixer, text, graded, [next]);
    if (!tried) {
      rejected.add(next.key);
      result.rolledBack.push({
        ruleId: next.finding.ruleId,
        line: next.finding.line,
        reason: 'the renamed text did not parse or still had the finding; rolled back',
      });
      continue;
    }
    result.applied.push(applied(next, 0));
    ({ text, graded } = tried);
  }
  result.text = text;
  return result;
}
