package org.brainsim.regions.network;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model = rate}: a leaky rate RNN ({@link RateNetwork}), {@code a ← (1 − α) a + α φ(a W_rec + Σ x W_in + b)},
 * α = dt/τ.
 *
 * <p>Draws, in this order, from the region's stream: W_rec ~ N(0, g²/n); each link's block of W_in
 * ~ N(0, scale²/width), in link order; b ~ N(0, bias_std²); the initial state ~ N(0, initial_state_std²) per batch
 * row; W_out ~ N(0, 1/n). b_out = 0. With {@code readout = units}, output o is unit o's rate instead, for good.
 */
public final class RateModel implements RegionModel
{
    public static final Param<Double> TAU_MS = Param.number("tau_ms", null, 0, false, Double.POSITIVE_INFINITY,
        "time constant τ, ms (rate: the leak α = dt/τ; spiking: the membrane τ_m)");
    public static final Param<Double> RECURRENT_GAIN = Param.number("recurrent_gain", 0.9, 0, true,
        Double.POSITIVE_INFINITY, "g: W_rec ~ N(0, g²/n); g > 1 gives chaotic rate dynamics");
    public static final Param<Double> BIAS_STD = Param.number("bias_std", 0.1, 0, true, Double.POSITIVE_INFINITY,
        "standard deviation of the units' constant bias b");
    public static final Param<Double> INITIAL_STATE_STD = Param.number("initial_state_std", 0.0, 0, true,
        Double.POSITIVE_INFINITY, "standard deviation of the initial state, per unit and batch row (0: at rest)");
    public static final Param<Activation> ACTIVATION = Param.choice("activation", Activation.class, Activation.TANH,
        "the rate nonlinearity φ");

    public static final Param<Readout> READOUT = Param.choice("readout", Readout.class, Readout.LEARNED,
        "learned (y = a W_out + b_out, W_out ~ N(0, 1/n)) or units (output o is unit o's rate, fixed: Miconi's output " +
            "neuron)");

    /** What the readout is. */
    public enum Readout
    {
        /** A learned linear readout. */
        LEARNED,
        /** Output o is unit o's rate, for good. */
        UNITS
    }

    /** The registry entry. */
    public static final RateModel RATE = new RateModel();

    private RateModel()
    {
    }

    @Override
    public String name()
    {
        return "rate";
    }

    @Override
    public String description()
    {
        return "leaky rate units, a <- (1 - dt/tau) a + dt/tau phi(a W_rec + x W_in + b)";
    }

    @Override
    public List<Param<?>> params()
    {
        return List.of(TAU_MS, RECURRENT_GAIN, BIAS_STD, INITIAL_STATE_STD, ACTIVATION, READOUT, Backend.SETTING);
    }

    @Override
    public Class<? extends RegionNetwork> network()
    {
        return RateNetwork.class;
    }

    @Override
    public boolean spiking()
    {
        return false;
    }

    @Override
    public Map<String, String> check(final ParamValues values, final double dtMs)
    {
        return tauAtLeastStep(values, dtMs);
    }

    /** τ ≥ dt, so that α = dt/τ ≤ 1 (shared by the spiking models, whose Euler step needs the same). */
    static Map<String, String> tauAtLeastStep(final ParamValues values, final double dtMs)
    {
        final Map<String, String> problems = new LinkedHashMap<>();
        final double tau = values.get(TAU_MS);
        if (tau < dtMs)
        {
            problems.put(TAU_MS.key(), "must be >= " + Param.render(dtMs) + " (dt_ms), got " + Param.render(tau));
        }
        return problems;
    }

    /** @return the settings of a rate region with time constant {@code tauMs} and gain {@code gain}, others default. */
    public static ParamValues settings(final double tauMs, final double gain)
    {
        return settings(tauMs, gain, Backend.AUTO);
    }

    /** @return {@link #settings(double, double)} computed with {@code backend}. */
    public static ParamValues settings(final double tauMs, final double gain, final Backend backend)
    {
        return ParamValues.resolve(RATE.params(), java.util.Map.of(TAU_MS.key(), tauMs, RECURRENT_GAIN.key(), gain,
            Backend.SETTING.key(), backend));
    }

    @Override
    public RateNetwork build(final NetworkSpec spec, final ParamValues values, final NodeRandom random)
    {
        final int n = spec.units();
        final INDArray wRec = gaussian(random, n, n, values.get(RECURRENT_GAIN) / Math.sqrt(n));
        final INDArray wIn = Nd4j.create(DataType.FLOAT, spec.inputWidth(), n);
        int row = 0;
        for (final NetworkSpec.Input input : spec.inputs())
        {
            wIn.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(row, row + input.width()),
                org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(gaussian(random, input.width(), n, input.weights().scale() / Math.sqrt(input.width())));
            row += input.width();
        }
        final INDArray bias = gaussian(random, 1, n, values.get(BIAS_STD));
        final INDArray initial = gaussian(random, spec.batch(), n, values.get(INITIAL_STATE_STD));
        final INDArray wOut = gaussian(random, n, spec.outputs(), 1 / Math.sqrt(n));
        final RateParams params = new RateParams(spec.inputWidth(), n, spec.outputs(),
            spec.dtMs() / values.get(TAU_MS), values.get(ACTIVATION), 0.0, spec.dtMs());
        final RateNetwork network = new RateNetwork(params, DataType.FLOAT, wIn, wRec, bias, wOut,
            Nd4j.zeros(DataType.FLOAT, 1, spec.outputs()))
            .withInputBlocks(spec.widths())
            .withInitialState(initial)
            .withBackend(values.get(Backend.SETTING).resolve());
        if (values.get(READOUT) == Readout.UNITS)
        {
            network.readUnits(); // W_out was drawn all the same: the stream stays where it was
        }
        return network;
    }

    private static INDArray gaussian(final NodeRandom random, final int rows, final int cols, final double std)
    {
        final float[] values = new float[Math.multiplyExact(rows, cols)];
        random.fillGaussian(values, std);
        return Nd4j.create(values, new long[] {rows, cols}, DataType.FLOAT);
    }

    @Override
    public MemoryEstimate memory(final NetworkSpec spec)
    {
        final long n = spec.units();
        final long nIn = spec.inputWidth();
        final long nOut = spec.outputs();
        final long batch = spec.batch();
        final long weights = nIn * n + n * n + n + n * nOut + nOut;
        // live and replay buffers: x, state, y, and pre on the nd4j backend (counted for both: the cpu step's own
        // scratch is larger); the initial state; masks when lesioned (W_in, W_rec)
        final long buffers = 2 * batch * (nIn + 2 * n + nOut) + batch * n + nIn * n + n * n;
        // a replayed step keeps h, a, φ'(h) and y, and the trial's input
        return new MemoryEstimate(4 * (weights + buffers), 4 * batch * (3 * n + nOut + nIn));
    }
}
