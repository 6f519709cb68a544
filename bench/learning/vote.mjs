// Shared by simulate.mjs and offline.mjs (no side effects on import, unlike corpus.mjs).
/**
 * One round of votes, the same way in simulate.mjs (through the CLI) and offline.mjs (through the
 * learner's functions), so both give the same numbers: up to `perRound` findings picked at random
 * among those shown and not yet voted on, each answered by the user's hidden preference (flipped
 * with probability `user.noise`). `vote(finding, helpful)` records it.
 */
export function voteRound(shownFindings, voted, user, random, perRound, vote) {
  const pool = shownFindings.filter((f) => !voted.has(f.fingerprint));
  for (let k = 0; k < perRound && pool.length; k++) {
    const f = pool.splice(Math.floor(random() * pool.length), 1)[0];
    let helpful = user.wants(f);
    if (user.noise && random() < user.noise) helpful = !helpful;
    voted.add(f.fingerprint);
    vote(f, helpful);
  }
}
