/**
 * Weight of an implicit signal (a shown finding that later disappeared) relative to a vote. Its own
 * module: a run records signals with it without loading the learner (issue 19).
 */
export const IMPLICIT_WEIGHT = 0.25;
