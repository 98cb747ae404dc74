package org.brainsim.scenarios;

/**
 * A region of a scenario.
 *
 * @param name            unique node name.
 * @param model           {@code rate}, {@code lif} or {@code alif}.
 * @param size            units.
 * @param tauMs           time constant in ms (rate: τ; spiking: τ_m).
 * @param recurrentGain   g of W_rec ~ N(0, g²/size) (rate).
 * @param biasStd         standard deviation of the bias (rate, no rule).
 * @param initialStateStd standard deviation of the initial state (rate, no rule).
 * @param activation      rate nonlinearity: tanh, relu, softplus.
 * @param learning        the learning rule and its settings; {@code rule = none} learns nothing.
 * @param spiking         spiking parameters (lif, alif).
 */
public record RegionSpec(
    String name, String model, int size, double tauMs, double recurrentGain, double biasStd, double initialStateStd,
    String activation, Learning learning, Spiking spiking)
{
    /**
     * @param rule         none, bptt, eprop, rflo, rtrl, readout-only, node-perturbation, miconi.
     * @param feedback     symmetric, random, adaptive (e-prop, RFLO).
     * @param windowSteps  BPTT truncation window (0 = the whole trial).
     * @param trialSteps   steps per trial; an update after each.
     * @param outputs      readout units (= width of the target link).
     * @param optimizer    adam or sgd.
     * @param learningRate step size.
     * @param l2           L2 penalty.
     * @param clipNorm     gradient-norm clip (0 = none).
     * @param rateReg      firing-rate regularisation c_reg (spiking).
     * @param targetRateHz its target rate.
     * @param errorDelaySteps steps between a step of this region and the arrival, on its error link, of the
     *                        error about it.
     * @param loss         {@code mse}, {@code cross-entropy}, or {@code task} (the task's default).
     * @param lossReduction {@code sum} or {@code mean} over rows and evaluated steps.
     * @param feedbackStd  spiking e-prop with random feedback: the standard deviation of B (0: 1/sqrt(size)).
     * @param adamBeta1    Adam's β1.
     * @param adamBeta2    Adam's β2.
     * @param adamEpsilon  Adam's ε̂ (TensorFlow convention).
     */
    public record Learning(
        String rule, String feedback, int windowSteps, int trialSteps, int outputs, String optimizer,
        double learningRate, double l2, double clipNorm, double rateReg, double targetRateHz, int errorDelaySteps,
        String loss, String lossReduction, double feedbackStd, double adamBeta1, double adamBeta2, double adamEpsilon)
    {
        /** @return whether this region learns. */
        public boolean learns()
        {
            return !"none".equals(rule);
        }
    }

    /**
     * @param tauAMs          adaptation time constant τ_a.
     * @param beta            adaptation strength β of the ALIF units.
     * @param vTh             threshold v_th.
     * @param refractorySteps n_ref.
     * @param tauOutMs        readout time constant τ_out.
     * @param alifFraction    share of ALIF units (alif model).
     * @param pseudoDerivative γ_pd, the height of the surrogate derivative ψ.
     */
    public record Spiking(double tauAMs, double beta, double vTh, int refractorySteps, double tauOutMs,
                          double alifFraction, double pseudoDerivative)
    {
    }

    /** @return whether the units spike. */
    public boolean isSpiking()
    {
        return "lif".equals(model) || "alif".equals(model);
    }
}
