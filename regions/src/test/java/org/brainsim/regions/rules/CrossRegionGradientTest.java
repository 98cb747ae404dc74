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
        final RateBptt.Backward down = RateBptt.backward(d, td, loss, null);
        final INDArray[] toU = new INDArray[T];
        for (int t = 0; t + 1 < T; t++)
        {
            toU[t] = down.inputErrors()[t + 1]; // what U emitted at t, D took at t + 1
        }
        final Loss none = new Loss(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, 1, 7), new double[T]);
        final RateBptt.Backward up = RateBptt.backward(u, tu, none, toU);

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
}
