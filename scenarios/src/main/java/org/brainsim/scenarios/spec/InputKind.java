package org.brainsim.scenarios.spec;

/**
 * Built-in input sources, so that a scenario runs without a task (scenario names: {@code poisson},
 * {@code noisy-sine}).
 */
public enum InputKind
{
    /** Independent Poisson spike trains at {@code rate_hz}, per unit and batch row. */
    POISSON,
    /** {@code amplitude · sin(2π f t + φ) + noise}, a random phase φ per unit and batch row. */
    NOISY_SINE
}
