package org.brainsim.scenarios.spec;

/**
 * A built-in input source of a scenario.
 *
 * @param name        unique node name.
 * @param kind        which source.
 * @param size        units per batch row.
 * @param rateHz      Poisson rate per unit, in Hz.
 * @param frequencyHz sine frequency, in Hz.
 * @param amplitude   sine amplitude.
 * @param noiseStd    standard deviation of the Gaussian noise added to the sine, per step.
 * @param frozenSteps Poisson: repeat the first frozenSteps steps' spikes (0 = fresh every step).
 * @param randomPhase noisy-sine: a random phase per unit and row (else phase 0).
 */
public record InputSpec(
    String name, InputKind kind, int size, double rateHz, double frequencyHz, double amplitude, double noiseStd,
    int frozenSteps, boolean randomPhase)
{
}
