import { type Proportion } from "./proportions.ts";

/**
 * An always-valid p-value for the difference of two rates: the mixture sequential probability ratio
 * test (mSPRT) of Johari, Pekelis & Walsh, "Always valid inference" (2017), with a normal mixture of
 * variance τ² over the effect. Unlike a fixed-horizon p-value it may be looked at after every batch of
 * events: the chance that it ever drops below α under H0 is at most α, so peeking does not fool the user.
 *
 * Computed from the current counts only, it is 1/Λₙ; the running minimum over all looks would be
 * smaller, so this is conservative (never claims significance earlier than the test allows).
 */
export function alwaysValidPValue(a: Proportion, b: Proportion, mixingVariance = defaultMixingVariance(a, b)): number | null {
  if (a.trials < 2 || b.trials < 2) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  // V: the variance of the difference estimate, from the pooled rate (the variance under H0).
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const v = pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials);
  if (v === 0) return null;
  const t2 = mixingVariance;
  const d = pb - pa;
  const logLambda = 0.5 * Math.log(v / (v + t2)) + (t2 * d * d) / (2 * v * (v + t2));
  return Math.min(1, Math.exp(-logLambda));
}

/**
 * τ²: the prior spread of plausible effects. Johari et al. suggest matching it to effects of interest;
 * we take the squared 10 % relative change of the pooled rate (a 2-point change on a 20 % click rate),
 * floored so a rate near zero does not make the test blind.
 */
export function defaultMixingVariance(a: Proportion, b: Proportion): number {
  const trials = a.trials + b.trials;
  const pooled = trials > 0 ? (a.successes + b.successes) / trials : 0;
  return Math.max((0.1 * pooled) ** 2, 1e-6);
}
