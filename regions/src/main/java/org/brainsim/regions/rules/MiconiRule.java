package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.settings.Param;

import java.util.List;
import java.util.Set;

import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;

import org.brainsim.objectives.ReadoutLoss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Miconi's (2017) reward-modulated Δx Hebbian rule (reference §5.1), on {@link RateNetwork}:
 * <pre>
 *   sparse perturbations: with probability p per unit and step, ξ ~ U(−A, A) (on the state, or the pre-activation)
 *   Δx_t = a_t − x̄_{t−1},   x̄_t = 0.05 x̄_{t−1} + 0.95 a_t          (fast running mean)
 *   e[i, j] += S(â_{t−1}[i] · Δx_t[j]),   S(y) = y³                  (accumulated over the trial)
 *   g = −Σ_b (R_b − R̄_b) e_b,   R̄ ← 0.75 R̄ + 0.25 R                (after the update)
 * </pre>
 * Two ways to get R. Under a supervised objective the rule replays the trial with perturbations of its own and takes
 * R = −L (the trial's loss, per row); the readout then learns by its exact, local delta rule. Under
 * {@code objective = reward} ({@link #learnFromRewards}) the perturbations are on the live steps, the task scores
 * the readout and R is the reward it sent, as in the paper; the readout gets no gradient
 * ({@code readout = units} makes it a unit, as Miconi's output neuron, which the rule trains).
 *
 * <p>The baseline R̄ is one running mean ({@code baseline = shared}, over the batch), or one per trial type
 * ({@code per-input}: rows with the same input sequence share one, as the paper keeps one per DNMS trial type).
 * {@code gradient_clip} bounds every synapse's gradient (with SGD, learning_rate × clip bounds its change: the
 * paper's MAXDW).
 *
 * <p>Deviation, stated: Miconi's units leak on x with r = tanh(x); brainsim's rate units leak on the rate a, so Δx
 * is taken on a, the variable the units integrate, and the live perturbations go where Miconi's go, into what is
 * integrated: a_t = (1 − α) a_{t−1} + α (φ(h_t) + ξ_t), a kick of α·ξ (with A = 16 and τ = 30 ms, up to 0.53, as in
 * the paper). The replay under a loss perturbs the pre-activation instead (h + ξ, the node-perturbation form), whose
 * effect on a tanh saturates at 2α.
 */
public final class MiconiRule implements LearningRule
{
    public static final Param<Double> PROBABILITY = Param.number("perturbation_probability", 0.03, 0, false, 1,
        "probability per unit and step of a perturbation");
    public static final Param<Double> AMPLITUDE = Param.number("perturbation_amplitude", 0.5, 0, false,
        Double.POSITIVE_INFINITY, "perturbations are U(−A, A)");
    public static final Param<RewardBaseline.Kind> BASELINE = Param.choice("baseline", RewardBaseline.Kind.class,
        RewardBaseline.Kind.SHARED,
        "shared (one running mean of R) or per-input (one per input sequence: per trial type)");
    public static final Param<Double> GRADIENT_CLIP = Param.number("gradient_clip", 0.0, 0, true,
        Double.POSITIVE_INFINITY, "largest |gradient| per synapse (0: none)");

    /** The registry entry. */
    public static final RuleType TYPE = RuleType.fromRewards(new RuleType.Of("miconi",
        "Miconi's reward-modulated Hebbian rule with sparse perturbations (rate networks)", List.of(PROBABILITY,
        AMPLITUDE, BASELINE, GRADIENT_CLIP), Set.of(RateNetwork.class), Set.of(),
        (network, values, random) -> new MiconiRule(values.get(PROBABILITY), values.get(AMPLITUDE), random)
            .with(values.get(BASELINE), values.get(GRADIENT_CLIP)),
        (spec, trialSteps) ->
        {
            final long m = spec.units() + spec.inputWidth() + 1L;
            return 8L * spec.batch() * m * spec.units(); // the eligibility, in double
        }));

    private final double probability;
    private final double amplitude;
    private final NodeRandom random;
    private RewardBaseline baselines = new RewardBaseline(RewardBaseline.Kind.SHARED);
    private double clip;
    private boolean cube = true;
    private double traceTauMs;
    private boolean live;

    /** The rule with its settings and noise stream. */
    public MiconiRule(final double probability, final double amplitude, final NodeRandom random)
    {
        this.probability = probability;
        this.amplitude = amplitude;
        this.random = random;
    }

    /** The rule's math alone (for tests): no noise stream of its own. */
    public MiconiRule()
    {
        this(0, 0, null);
    }

    /** @return this rule with a baseline per trial type or shared, and a per-synapse gradient bound (0: none). */
    public MiconiRule with(final RewardBaseline.Kind baseline, final double gradientClip)
    {
        this.baselines = new RewardBaseline(baseline);
        this.clip = gradientClip;
        return this;
    }

    /**
     * @return this rule as the plain three-factor Hebbian rule ({@link RewardHebbianRule}): S(y) = y instead of y³,
     *     and an eligibility that decays with time constant {@code traceTauMs} (0: it does not decay).
     */
    public MiconiRule plain(final double traceTauMs)
    {
        this.cube = false;
        this.traceTauMs = traceTauMs;
        return this;
    }

    @Override
    public boolean learnFromRewards(final RegionNetwork network)
    {
        final RateNetwork net = (RateNetwork)network;
        final int n = net.params().n();
        net.perturbLive(new RateNetwork.LiveNoise()
        {
            private double[] values = new double[0];
            private INDArray noise;

            @Override
            public INDArray next(final int batch)
            {
                if (values.length != batch * n)
                {
                    values = new double[batch * n];
                    noise = Nd4j.create(net.dtype(), batch, n);
                }
                perturb(values, probability, amplitude, random);
                boolean any = false;
                for (int i = 0; i < values.length; i++)
                {
                    noise.data().put(i, values[i]);
                    any |= values[i] != 0;
                }
                return any ? noise : null; // most steps kick no unit
            }
        });
        live = true;
        return true;
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        final RateNetwork net = (RateNetwork)network;
        if (!live)
        {
            return gradients(net, inputs, loss.readout(), probability, amplitude, random);
        }
        final RateTrajectory tr = (RateTrajectory)trajectory;
        final INDArray grad = update(net, tr, loss.readout().rowValues(tr.y()));
        final RateParams p = net.params();
        return Gradients.of(net.split(grad), new INDArray[] {Nd4j.zeros(net.dtype(), p.n(), p.nOut()),
            Nd4j.zeros(net.dtype(), 1, p.nOut())});
    }

    /** Largest per-synapse eligibility accepted, in bytes (its cubed term allows no factorisation). */
    public static final long MAX_ELIGIBILITY_BYTES = 256L << 20;

    /** @return the running reward baseline R̄ (NaN before the first trial; the shared one). */
    public double rewardBaseline()
    {
        return baselines.shared();
    }

    /** Draws one step's sparse perturbations into {@code values}, element by element. */
    private static void perturb(
        final double[] values, final double probability, final double amplitude, final NodeRandom random)
    {
        for (int i = 0; i < values.length; i++)
        {
            values[i] = random.nextDouble() < probability ? amplitude * (2 * random.nextDouble() - 1) : 0;
        }
    }

    /**
     * @return sparse perturbations per step (batch × n).
     */
    public static INDArray[] perturbations(
        final int steps, final long batch, final int n, final double probability, final double amplitude,
        final NodeRandom random, final DataType dtype)
    {
        final INDArray[] xi = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            final double[] values = new double[(int)(batch * n)];
            perturb(values, probability, amplitude, random);
            xi[t] = Nd4j.create(values, new long[] {batch, n}, DataType.DOUBLE).castTo(dtype);
        }
        return xi;
    }

    /**
     * The trial's eligibility, batch × m × n, over θ = [W_rec; W_in; b], accumulated in double in plain loops (its
     * cubed products allow no factorisation, and small ND4J calls per step cost more than the arithmetic).
     */
    public static INDArray eligibility(final RateNetwork net, final RateTrajectory tr)
    {
        return eligibility(net, tr, true, 1.0);
    }

    /**
     * The eligibility with S(y) = y³ ({@code cube}) or y, each step's old eligibility first multiplied by
     * {@code decay} (1: none): e ← decay · e + S(â_{t−1} Δx_t).
     */
    public static INDArray eligibility(final RateNetwork net, final RateTrajectory tr, final boolean cube,
        final double decay)
    {
        final RateParams p = net.params();
        final int batch = (int)tr.a()[0].rows();
        final int n = p.n();
        final int nIn = p.nIn();
        final int m = (int)p.m();
        final long bytes = (long)batch * m * n * Math.max(8, net.dtype().width());
        if (bytes > MAX_ELIGIBILITY_BYTES)
        {
            throw new IllegalArgumentException(String.format("Miconi's and the reward-modulated Hebbian rule keep a per-synapse eligibility: n=%d, " +
                "m=%d, batch=%d needs %.0f MiB (limit %.0f MiB); use a smaller network or batch", n, m, batch,
                bytes / 1048576.0, MAX_ELIGIBILITY_BYTES / 1048576.0));
        }
        final double[] e = new double[batch * m * n];
        final double[] initial = tr.aInitial().castTo(DataType.DOUBLE).ravel().toDoubleVector();
        double[] previous = initial.length == batch * n ? initial : broadcast(initial, batch);
        final double[] running = previous.clone(); // x̄, from the initial state
        final double[] u = new double[m];
        final double[] dx = new double[n];
        for (int t = 0; t < tr.steps(); t++)
        {
            if (decay != 1.0 && t > 0)
            {
                for (int k = 0; k < e.length; k++)
                {
                    e[k] *= decay;
                }
            }
            final double[] a = tr.a()[t].castTo(DataType.DOUBLE).ravel().toDoubleVector();
            final double[] x = nIn == 0 ? new double[0] : tr.x()[t].castTo(DataType.DOUBLE).ravel().toDoubleVector();
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(previous, b * n, u, 0, n);
                System.arraycopy(x, b * nIn, u, n, nIn);
                u[m - 1] = 1;
                for (int j = 0; j < n; j++)
                {
                    final int k = b * n + j;
                    dx[j] = a[k] - running[k];
                    running[k] = 0.05 * running[k] + 0.95 * a[k];
                }
                for (int i = 0; i < m; i++)
                {
                    final double ui = u[i];
                    if (ui == 0)
                    {
                        continue;
                    }
                    final int row = (b * m + i) * n;
                    for (int j = 0; j < n; j++)
                    {
                        final double y = ui * dx[j];
                        e[row + j] += cube ? y * y * y : y;
                    }
                }
            }
            previous = a;
        }
        return Nd4j.create(e, new long[] {batch, m, n}, DataType.DOUBLE).castTo(net.dtype());
    }

    private static double[] broadcast(final double[] row, final int batch)
    {
        final double[] all = new double[row.length == 1 ? batch : batch * row.length];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = row[i % row.length];
        }
        return all;
    }

    /**
     * The rule's update for one trial, as a gradient on the loss; updates the reward baseline.
     */
    public Gradients gradients(
        final RateNetwork net, final INDArray[] x, final ReadoutLoss loss, final double probability, final double amplitude,
        final NodeRandom random)
    {
        final RateParams p = net.params();
        final long batch = x[0].rows();
        final RateTrajectory tr = net.forward(x, perturbations(x.length, batch, p.n(), probability, amplitude, random,
            net.dtype()));
        final INDArray grad = update(net, tr, loss.rowValues(tr.y()));
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return Gradients.of(net.split(grad), readout);
    }

    /** g = −Σ_b (R_b − R̄_b) e_b over θ (m × n), with R_b = −rowLoss_b; then the baselines move towards R. */
    private INDArray update(final RateNetwork net, final RateTrajectory tr, final double[] rowLoss)
    {
        final double[] advantages = baselines.advantages(tr, rowLoss);
        final INDArray advantage = Nd4j.create(net.dtype(), advantages.length, 1, 1);
        for (int b = 0; b < advantages.length; b++)
        {
            advantage.putScalar(new long[] {b, 0, 0}, -advantages[b]);
        }
        final double decay = traceTauMs > 0 ? Math.exp(-net.params().dtMs() / traceTauMs) : 1.0;
        final INDArray grad = eligibility(net, tr, cube, decay).muli(advantage).sum(0);
        if (clip > 0)
        {
            Transforms.min(Transforms.max(grad, -clip, false), clip, false);
        }
        return grad;
    }
}
