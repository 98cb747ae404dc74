package org.brainsim.regions.learning;

/**
 * A learning rule and its settings.
 *
 * @param kind           which rule.
 * @param feedback       e-prop/RFLO feedback mode.
 * @param windowSteps    BPTT truncation window (≥ trial length = full BPTT).
 * @param noiseStd       node perturbation: σ of the Gaussian noise on pre-activations.
 * @param perturbationProbability Miconi: probability per unit and step of a perturbation.
 * @param perturbationAmplitude   Miconi: perturbations are U(−A, A).
 * @param adaptiveDecay  Kolen–Pollack decay of W_out and B after each update.
 */
public record RuleSpec(
    RuleKind kind, FeedbackMode feedback, int windowSteps, double noiseStd, double perturbationProbability,
    double perturbationAmplitude, double adaptiveDecay)
{
    /** The defaults for a rule: random feedback, full BPTT, σ 0.05, Miconi p 0.003 and A 16 scaled to ±1. */
    public static RuleSpec of(final RuleKind kind)
    {
        return new RuleSpec(kind, FeedbackMode.RANDOM, Integer.MAX_VALUE, 0.05, 0.003 * 10, 0.5, 1e-2);
    }

    public RuleSpec withFeedback(final FeedbackMode mode)
    {
        return new RuleSpec(kind, mode, windowSteps, noiseStd, perturbationProbability, perturbationAmplitude,
            adaptiveDecay);
    }

    public RuleSpec withWindowSteps(final int window)
    {
        return new RuleSpec(kind, feedback, window, noiseStd, perturbationProbability, perturbationAmplitude,
            adaptiveDecay);
    }

    public RuleSpec withNoiseStd(final double sigma)
    {
        return new RuleSpec(kind, feedback, windowSteps, sigma, perturbationProbability, perturbationAmplitude,
            adaptiveDecay);
    }
}
