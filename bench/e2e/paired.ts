import {
  GroupRun,
  type GroupContext,
  type GroupResult,
  type GroupSpec,
  type PhaseResult,
} from './scenarios.js';
import { combineRounds } from './rounds.js';

/**
 * Two groups that differ in one thing (the number of existing users) measured side by side:
 * both sets of servers stay up, and every phase runs in alternating rounds (A B, B A, A B, …)
 * whose medians are compared. On a machine shared with other work, a burst of neighbours then
 * hits both sides alike instead of whichever happened to run at that moment.
 */
export async function runPaired(
  ctx: GroupContext,
  specs: readonly [GroupSpec, GroupSpec],
  rounds: number,
): Promise<[GroupResult, GroupResult]> {
  const runs: GroupRun[] = [];
  try {
    for (const spec of specs) runs.push(await GroupRun.open(ctx, spec));
    const combined: [PhaseResult[], PhaseResult[]] = [[], []];
    for (const [index, phase] of specs[0].phases.entries()) {
      const perSide: [PhaseResult[], PhaseResult[]] = [[], []];
      for (let round = 0; round < rounds; round++) {
        for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) {
          ctx.log(`round ${round + 1}/${rounds}`);
          perSide[side as 0 | 1].push(
            await runs[side]!.runPhase(specs[side as 0 | 1].phases[index] ?? phase),
          );
        }
      }
      combined[0].push(combineRounds(perSide[0]));
      combined[1].push(combineRounds(perSide[1]));
    }
    const results = [await runs[0]!.finish(combined[0]), await runs[1]!.finish(combined[1])] as [
      GroupResult,
      GroupResult,
    ];
    return results;
  } catch (error) {
    await Promise.all(runs.map((r) => r.abort()));
    throw error;
  }
}
