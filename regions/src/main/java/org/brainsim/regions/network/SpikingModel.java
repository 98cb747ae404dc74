package org.brainsim.regions.network;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Context;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * {@code model = lif} and {@code model = alif}: a spiking network in the e-prop "EligALIF" form ({@link
 * SpikingNetwork}, {@link SpikingParams}) with a leaky readout; the first units are LIF, the last
 * {@code round(size · alif_fraction)} adapt their threshold.
 *
 * <p>Draws, in this order, from the region's stream: each link's block of W_in ~ N(0, 1/width), in link order,
 * then scaled by the link's scale; W_rec ~ N(0, 1/n) with a zero diagonal; W_out ~ N(0, 1/n). b_out = 0.
 */
public final class SpikingModel implements RegionModel
{
    public static final Param<Double> TAU_MS = RateModel.TAU_MS;
    public static final Param<Double> TAU_A_MS = Param.number("tau_a_ms", 2000.0, 0, false, Double.POSITIVE_INFINITY,
        "adaptation time constant τ_a of the ALIF units, ms");
    public static final Param<Double> BETA = Param.number("beta", null, 0, true, Double.POSITIVE_INFINITY,
        "threshold adaptation strength β of the ALIF units").derivedFrom("1.7 (1 − ρ) / (1 − α)", v ->
        {
            final double dt = Context.DT_MS.in(v, 1.0);
            final double alpha = Math.exp(-dt / TAU_MS.in(v, 20.0));
            final double rho = Math.exp(-dt / TAU_A_MS.in(v, 2000.0));
            return 1.7 * (1 - rho) / (1 - alpha);
        });
    public static final Param<Double> V_TH = Param.number("v_th", 0.6, 0, false, Double.POSITIVE_INFINITY,
        "firing threshold v_th");
    public static final Param<Integer> REFRACTORY_STEPS = Param.integer("refractory_steps", 5, 0, 1 << 16,
        "refractory period n_ref in steps (a spike at t blocks t+1 … t+n_ref−1)");
    public static final Param<Double> PSEUDO_DERIVATIVE = Param.number("pseudo_derivative", 0.3, 0, true,
        Double.POSITIVE_INFINITY, "γ_pd, the height of the surrogate derivative ψ");
    public static final Param<Double> TAU_OUT_MS = Param.number("tau_out_ms", 20.0, 0, false, Double.POSITIVE_INFINITY,
        "readout time constant τ_out, ms");
    private static final String FRACTION = "alif_fraction";
    private static final String FRACTION_MEANING = "share of units that adapt their threshold (ALIF)";

    /** The registry entries. */
    public static final SpikingModel LIF = new SpikingModel("lif",
        Param.number(FRACTION, 0.0, 0, true, 1, FRACTION_MEANING + "; 0 for model lif"));
    public static final SpikingModel ALIF = new SpikingModel("alif",
        Param.number(FRACTION, 0.5, 0, true, 1, FRACTION_MEANING));

    private final String name;
    private final Param<Double> alifFraction;

    private SpikingModel(final String name, final Param<Double> alifFraction)
    {
        this.name = name;
        this.alifFraction = alifFraction;
    }

    /** @return this model's {@code alif_fraction} setting. */
    public Param<Double> alifFraction()
    {
        return alifFraction;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String description()
    {
        return this == LIF ? "leaky integrate-and-fire units (EligALIF form, reset by subtraction), leaky readout" :
            "LIF units and threshold-adapting ALIF units (e-prop's EligALIF), leaky readout";
    }

    @Override
    public List<Param<?>> params()
    {
        return List.of(TAU_MS, TAU_A_MS, BETA, V_TH, REFRACTORY_STEPS, PSEUDO_DERIVATIVE, TAU_OUT_MS, alifFraction,
            Backend.SETTING, BatchChunks.THREADS);
    }

    @Override
    public Class<? extends RegionNetwork> network()
    {
        return SpikingNetwork.class;
    }

    @Override
    public boolean spiking()
    {
        return true;
    }

    @Override
    public Map<String, String> check(final ParamValues values, final double dtMs)
    {
        final Map<String, String> problems = RateModel.tauAtLeastStep(values, dtMs);
        if (this == LIF && values.get(alifFraction) != 0)
        {
            problems.put(FRACTION, "must be 0 for model lif (use model = alif for adaptive units)");
        }
        return problems;
    }

    /** @return the network's parameters for a region of this model. */
    public SpikingParams params(final NetworkSpec spec, final ParamValues values)
    {
        final int nAlif = (int)Math.round(spec.units() * values.get(alifFraction));
        final double tauOut = values.get(TAU_OUT_MS);
        final double kappa = Math.exp(-spec.dtMs() / tauOut);
        return new SpikingParams(spec.inputWidth(), spec.units() - nAlif, nAlif, spec.outputs(), spec.dtMs(),
            values.get(TAU_MS), values.get(TAU_A_MS), values.get(BETA), values.get(V_TH), 1, values.get(PSEUDO_DERIVATIVE),
            values.get(REFRACTORY_STEPS), tauOut, 1 - kappa);
    }

    @Override
    public SpikingNetwork build(final NetworkSpec spec, final ParamValues values, final NodeRandom random)
    {
        final SpikingParams params = params(spec, values);
        final int n = params.n();
        final INDArray[] blocks = new INDArray[spec.inputs().size()];
        for (int i = 0; i < blocks.length; i++)
        {
            final NetworkSpec.Input input = spec.inputs().get(i);
            blocks[i] = SpikingNetwork.gaussian(random, input.width(), n, 1 / Math.sqrt(input.width()), DataType.FLOAT)
                .muli(input.weights().scale());
        }
        final INDArray wIn = blocks.length == 1 ? blocks[0] : Nd4j.vstack(blocks);
        final INDArray wRec = SpikingNetwork.gaussian(random, n, n, 1 / Math.sqrt(n), DataType.FLOAT);
        final INDArray wOut = SpikingNetwork.gaussian(random, n, params.nOut(), 1 / Math.sqrt(n), DataType.FLOAT);
        return new SpikingNetwork(params, DataType.FLOAT, wIn, wRec, wOut, Nd4j.zeros(DataType.FLOAT, 1, params.nOut()),
            Nd4j.ones(DataType.FLOAT, n, n)).withBackend(values.get(Backend.SETTING).resolve())
            .withThreads(values.get(BatchChunks.THREADS));
    }

    @Override
    public MemoryEstimate memory(final NetworkSpec spec)
    {
        final long n = spec.units();
        final long nIn = spec.inputWidth();
        final long nOut = spec.outputs();
        final long batch = spec.batch();
        final long weights = nIn * n + 2 * n * n + n * nOut + nOut + n; // W_rec and its mask; β
        final long buffers = batch * (5 * n + nOut + nIn) + nIn * n + n * n;  // live state and input; lesion masks
        final long fused = 2 * (nIn * n + n * n + n * nOut + batch * (8 * n + nOut)); // cpu: weights and state, live and replay
        // cpu backward: each chunk's partial gradients in double (counted here as two floats per value)
        final long partials = 2 * ((batch + BatchChunks.ROWS - 1) / BatchChunks.ROWS) * (nIn * n + n * n + n * nOut);
        // a replayed step keeps v, a, z, ψ and y, and the trial's input
        return new MemoryEstimate(4 * (weights + buffers + fused + partials), 4 * batch * (4 * n + nOut + nIn));
    }
}
