package org.brainsim.regions.rules;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact gradients across regions (issue 12): an upstream region U feeds a downstream region D over a link of delay
 * 1, and only D's readout is judged. D back-propagates its loss, hands U the gradient with respect to each input
 * vector it received, and U back-propagates that as an error on its activity one step earlier. Every gradient must
 * equal BPTT on the concatenated network — one recurrent network whose weight matrix holds W_rec of U, the
 * projection U → D, and W_rec of D — in double precision.
 */
class CrossRegionGradientTest
{
    private static final int T = 25;
    private static final int BATCH = 3;
    private static final double ALPHA = 0.3;

    private static INDArray block(final INDArray m, final int r0, final int r1, final int c0, final int c1)
    {
        return m.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.interval(c0, c1));
    }

    @Test
    void twoRegionsGetTheGradientsOfBpttOnTheirConcatenatedNetwork()
    {
        final int nx = 3;
        final int nu = 4;
        final int nd = 5;
        final int out = 2;
        final RateNetwork u = RateNetwork.random(new RateParams(nx, nu, 1, ALPHA, Activation.TANH, 0), DataType.DOUBLE,
            1.2, NodeRandom.forNode(1, "u"));
        final RateNetwork d = RateNetwork.random(new RateParams(nu, nd, out, ALPHA, Activation.TANH, 0),
            DataType.DOUBLE, 1.1, NodeRandom.forNode(2, "d"));
        u.bias().assign(SpikingNetwork.gaussian(NodeRandom.forNode(3, "bu"), 1, nu, 0.3, DataType.DOUBLE));
        d.bias().assign(SpikingNetwork.gaussian(NodeRandom.forNode(4, "bd"), 1, nd, 0.3, DataType.DOUBLE));
        final INDArray[] x = new INDArray[T];
        final NodeRandom rx = NodeRandom.forNode(5, "x");
        for (int t = 0; t < T; t++)
        {
            x[t] = SpikingNetwork.gaussian(rx, BATCH, nx, 1.0, DataType.DOUBLE);
        }
        final INDArray[] targets = SpikingFixtures.gaussianTargets(T, BATCH, out, 6);
        final double[] weights = new double[T];
        for (int t = 0; t < T; t++)
        {
            weights[t] = t >= 5 ? 1 : 0;
        }
        final Loss loss = new Loss(LossKind.MSE, targets, weights);

        // the regions, as the lockstep runs them: D's input at t is U's activity at t − 1 (zeros at t = 0)
        final RateTrajectory tu = u.forward(x);
        final INDArray[] xd = new INDArray[T];
        for (int t = 0; t < T; t++)
        {
            xd[t] = t == 0 ? Nd4j.zeros(DataType.DOUBLE, BATCH, nu) : tu.a()[t - 1];
        }
        final RateTrajectory td = d.forward(xd);
        final Backward down = RateBptt.backward(d, td, loss, null);
        final INDArray[] toU = new INDArray[T];
        for (int t = 0; t + 1 < T; t++)
        {
            toU[t] = down.inputErrors()[t + 1]; // what U emitted at t, D took at t + 1
        }
        final Loss none = new Loss(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, 1, 7), new double[T]);
        final Backward up = RateBptt.backward(u, tu, none, toU);

        // the concatenated network: units [U, D], W_rec = [[W_rec^U, W_in^D], [0, W_rec^D]], only D is read out
        final int n = nu + nd;
        final INDArray wRec = Nd4j.zeros(DataType.DOUBLE, n, n);
        block(wRec, 0, nu, 0, nu).assign(u.wRec());
        block(wRec, 0, nu, nu, n).assign(d.wIn());
        block(wRec, nu, n, nu, n).assign(d.wRec());
        final INDArray wIn = Nd4j.zeros(DataType.DOUBLE, nx, n);
        block(wIn, 0, nx, 0, nu).assign(u.wIn());
        final INDArray bias = Nd4j.hstack(u.bias(), d.bias());
        final INDArray wOut = Nd4j.zeros(DataType.DOUBLE, n, out);
        block(wOut, nu, n, 0, out).assign(d.wOut());
        final RateNetwork c = new RateNetwork(new RateParams(nx, n, out, ALPHA, Activation.TANH, 0), DataType.DOUBLE,
            wIn, wRec, bias, wOut, d.bOut());
        final RateTrajectory tc = c.forward(x);
        final Gradients g = RateBptt.gradients(c, tc, loss, Integer.MAX_VALUE);

        assertTrue(relativeError(tc.y()[T - 1], td.y()[T - 1]) < 1e-14, "the same network, run two ways");
        final INDArray[][] pairs = {
            {up.gradients().rec(), block(g.rec(), 0, nu, 0, nu)},
            {up.gradients().in(), block(g.in(), 0, nx, 0, nu)},
            {up.gradients().bias(), block(g.bias(), 0, 1, 0, nu)},
            {down.gradients().in(), block(g.rec(), 0, nu, nu, n)},
            {down.gradients().rec(), block(g.rec(), nu, n, nu, n)},
            {down.gradients().bias(), block(g.bias(), 0, 1, nu, n)},
            {down.gradients().out(), block(g.out(), nu, n, 0, out)},
            {down.gradients().outBias(), g.outBias()}};
        final String[] names = {"U W_rec", "U W_in", "U bias", "U→D projection", "D W_rec", "D bias", "D W_out",
            "D b_out"};
        for (int i = 0; i < pairs.length; i++)
        {
            final double err = relativeError(pairs[i][0], pairs[i][1]);
            assertTrue(pairs[i][1].norm2Number().doubleValue() > 1e-8, names[i] + " is exercised");
            assertTrue(err < 1e-10, names[i] + ": relative error " + err);
        }
    }

    /**
     * A spiking region takes the gradient that reaches its spikes from downstream where its own readout's enters:
     * the readout's contribution ζ_out δy_t W_outᵀ (δy_t = err_t + κ δy_{t+1}), handed in as an external error
     * with no readout loss, must give the same input and recurrent gradients as the readout loss itself.
     */
    @Test
    void aSpikingRegionTakesDownstreamErrorsWhereItsReadoutsEnter()
    {
        final SpikingNetwork net = SpikingFixtures.network(SpikingFixtures.tiny(2, 0.07), 11, 1.5, 0.8);
        final int steps = 40;
        final INDArray[] x = SpikingFixtures.poissonInputs(steps, BATCH, 3, 0.2, 12);
        final org.brainsim.regions.network.SpikingTrajectory tr = net.forward(x);
        assertTrue(SpikingFixtures.spikes(tr) > 10, "the network spikes");
        final Loss loss = new Loss(LossKind.MSE, SpikingFixtures.gaussianTargets(steps, BATCH, 2, 13), ones(steps));
        final var p = net.params();
        final INDArray[] external = new INDArray[steps];
        INDArray dy = Nd4j.zeros(DataType.DOUBLE, BATCH, p.nOut());
        for (int t = steps - 1; t >= 0; t--)
        {
            dy = loss.error(tr.y()[t], t).add(dy.mul(p.kappa()));
            external[t] = dy.mmul(net.wOut().transpose()).muli(p.zetaOut());
        }
        final Gradients withReadout = SpikingBptt.backward(net, tr, loss, SpikingBptt.Options.FULL, null).gradients();
        final Gradients fromOutside = SpikingBptt.backward(net, tr, org.brainsim.objectives.ReadoutLoss.NONE,
            SpikingBptt.Options.FULL, external).gradients();

        assertTrue(withReadout.rec().norm2Number().doubleValue() > 1e-6, "exercised");
        assertTrue(relativeError(fromOutside.rec(), withReadout.rec()) < 1e-12, "W_rec");
        assertTrue(relativeError(fromOutside.in(), withReadout.in()) < 1e-12, "W_in");
        assertTrue(relativeError(withReadout.rec(), SpikingBptt.gradients(net, tr, loss, SpikingBptt.Options.FULL)
            .gradients().rec()) < 1e-12, "the same pass as the rule's");
    }

    /**
     * Scaling every input vector by (1 + ε) is scaling W_in by (1 + ε), so the input errors a spiking region hands
     * upstream must satisfy Σ_t ⟨δx_t, x_t⟩ = ⟨W_in, dW_in⟩ (the same for a rate region, checked alongside).
     */
    @Test
    void inputErrorsAgreeWithTheInputWeightGradient()
    {
        final SpikingNetwork net = SpikingFixtures.network(SpikingFixtures.tiny(2, 0.07), 21, 1.5, 0.8);
        final int steps = 40;
        final INDArray[] x = SpikingFixtures.poissonInputs(steps, BATCH, 3, 0.2, 22);
        final org.brainsim.regions.network.SpikingTrajectory tr = net.forward(x);
        final Loss loss = new Loss(LossKind.MSE, SpikingFixtures.gaussianTargets(steps, BATCH, 2, 23), ones(steps));
        final Backward b = SpikingBptt.backward(net, tr, loss, SpikingBptt.Options.FULL, null);
        double left = 0;
        for (int t = 0; t < steps; t++)
        {
            left += b.inputErrors()[t].mul(x[t]).sumNumber().doubleValue();
        }
        final double right = net.wIn().mul(b.gradients().in()).sumNumber().doubleValue();
        assertTrue(Math.abs(right) > 1e-6, "exercised");
        assertTrue(Math.abs(left - right) <= 1e-12 * Math.abs(right), left + " vs " + right);
    }

    private static double[] ones(final int steps)
    {
        final double[] w = new double[steps];
        java.util.Arrays.fill(w, 1);
        return w;
    }
}
