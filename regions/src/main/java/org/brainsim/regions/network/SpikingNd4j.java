package org.brainsim.regions.network;

import org.brainsim.objectives.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The step of a spiking network ({@code SpikingNetwork}) as ND4J operations (backend {@code nd4j}): what a GPU
 * backend executes, and the form the double-precision gradient tests check. The equations are {@link SpikingCpu}'s.
 *
 * <p>Not thread-safe.
 */
final class SpikingNd4j
{
    private final RecurrentWeights net;
    private final SpikingParams params;
    private final DataType dtype;
    private final INDArray betaRow;

    /**
     * @param weights the network's weights (live).
     * @param betaRow β per unit, 1 × n.
     */
    SpikingNd4j(final RecurrentWeights weights, final SpikingParams params, final INDArray betaRow)
    {
        this.net = weights;
        this.params = params;
        this.dtype = weights.dtype();
        this.betaRow = betaRow;
    }

    /**
     * The dynamic state of a batch, in buffers allocated once: v, a, z, ψ, refractory counters and readout,
     * from rest. {@link #step} overwrites them in place.
     */
    final class State
    {
        final INDArray v;
        final INDArray a;
        final INDArray z;
        final INDArray psi;
        final INDArray y;
        private final INDArray refractory;

        private State(final long batch)
        {
            v = Nd4j.zeros(dtype, batch, params.n());
            a = Nd4j.zeros(dtype, batch, params.n());
            z = Nd4j.zeros(dtype, batch, params.n());
            psi = Nd4j.zeros(dtype, batch, params.n());
            y = Nd4j.zeros(dtype, batch, params.nOut());
            refractory = Nd4j.zeros(dtype, batch, params.n());
        }

        long rows()
        {
            return v.rows();
        }

        /** @return the state's own buffers as a step's values. */
        SpikingStep values()
        {
            return new SpikingStep(v, a, z, psi, y);
        }
    }

    /** @return a batch at rest (v = a = z = y = 0). */
    State rest(final long batch)
    {
        return new State(batch);
    }

    /** Puts {@code state} back at rest, in place (no allocation). */
    void reset(final State state)
    {
        state.v.assign(0);
        state.a.assign(0);
        state.z.assign(0);
        state.psi.assign(0);
        state.y.assign(0);
        state.refractory.assign(0);
    }

    /**
     * Advances {@code state} by one step on input {@code x} (batch × nIn). Temporaries live in a step
     * workspace; nothing is allocated once the workspace has learned its size.
     *
     * @return the step's values: the state's own buffers, valid until the next step (copy what you keep).
     */
    SpikingStep step(final State state, final INDArray x)
    {
        final double vTh = params.vTh();
        try (MemoryWorkspace ws = Workspaces.step("brainsim-spiking-step"))
        {
            final INDArray current = state.z.mmul(net.wRec).addi(x.castTo(dtype).mmul(net.wIn)).muli(params.zeta());
            final INDArray v = state.v.mul(params.alpha()).addi(current).subi(state.z.mul(vTh));
            final INDArray a = state.a.mul(params.rho()).addi(state.z);
            final INDArray distance = v.sub(Broadcasts.mulRowVector(a, betaRow).addi(vTh)); // v − A
            final INDArray free = state.refractory.lt(0.5).castTo(dtype);           // 1 where not refractory
            final INDArray z = distance.gt(0).castTo(dtype).muli(free);
            final INDArray psi = Transforms.relu(Transforms.abs(distance).divi(vTh).rsubi(1.0), false)
                .muli(params.gammaPd() / vTh).muli(free);
            final INDArray refractory = Transforms.relu(state.refractory.sub(1.0), false);
            if (params.nRef() > 1)
            {
                refractory.addi(z.mul(params.nRef() - 1));
            }
            final INDArray y = Broadcasts.addiRowVector(
                state.y.mul(params.kappa()).addi(z.mmul(net.wOut).muli(params.zetaOut())), net.bOut);
            state.v.assign(v);
            state.a.assign(a);
            state.z.assign(z);
            state.psi.assign(psi);
            state.y.assign(y);
            state.refractory.assign(refractory);
        }
        return state.values();
    }
}
