package org.brainsim.objectives;

import org.brainsim.settings.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The predictive objective: the region's readout (its block of it) at step t predicts x_{t+h}, the activity that
 * arrives on a named inbound link {@code h = horizon} steps later, or the region's own activity then. Its loss over
 * a trial of T steps judges the steps t &lt; T − h whose future lies in the same trial:
 * <ul>
 * <li>rates (MSE): {@code E = Σ_t w_t · ½ Σ_b Σ_k (y_tbk − x_{t+h,bk})²}, error {@code y_t − x_{t+h}};</li>
 * <li>spikes (Bernoulli): the readout is a logit per unit, {@code E = Σ_t w_t Σ_b Σ_k [softplus(y) − x y]}, error
 * {@code σ(y_t) − x_{t+h}}.</li>
 * </ul>
 * {@code w_t} is the term's weight, divided by {@code B · (T − h)} with {@code loss_reduction = mean}. The
 * target is taken as it arrived: no gradient flows into it (when the region predicts itself, too).
 *
 * <p>Per step it emits the prediction error about the present, {@code f(y_{t−h}) − x_t} (f: identity, or the
 * sigmoid for spikes), on the region's error links: the surprise a neighbour receives with the link's delay. It is
 * zero for the first h steps of a trial (no prediction about them was made in it) and between trials.
 */
public final class Predictive implements Objective
{
    /** The loss of a predictive term, as a scenario names it. */
    public enum Choice
    {
        /** Bernoulli cross-entropy when what it predicts spikes, MSE otherwise. */
        AUTO,
        MSE,
        BERNOULLI
    }

    public static final Param<Choice> LOSS = Param.choice("prediction_loss", Choice.class, Choice.AUTO,
        "auto (bernoulli when the predicted activity is spikes, else mse), mse, or bernoulli");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("predictive",
        "predict, horizon steps ahead, the activity on an inbound link or the region's own (predict = {link, " +
            "horizon}); its prediction error leaves on error links",
        List.of(LOSS, Supervised.REDUCTION), Set.of(ObjectiveInput.PREDICTED), true, true, false,
        (context, values, weight) ->
        {
            final Prediction what = context.prediction();
            if (what == null)
            {
                throw new IllegalArgumentException("a predictive objective needs what it predicts (predict = {...})");
            }
            final LossKind kind = switch (values.get(LOSS))
            {
                case AUTO -> what.spikes() ? LossKind.BERNOULLI : LossKind.MSE;
                case MSE -> LossKind.MSE;
                case BERNOULLI -> LossKind.BERNOULLI;
            };
            return new Predictive(what, kind, values.get(Supervised.REDUCTION), weight, context);
        });

    private final Prediction what;
    private final LossKind kind;
    private final Supervised.Reduction reduction;
    private final double weight;
    private final int batch;
    private final int horizon;
    private final INDArray[] arrived;      // per step of the trial: what arrived, batch × width views of one buffer
    private final FloatBuffer arrivedNio;
    private final float[][] predictions;   // the last h readouts, by step mod h
    private final float[] error;

    /**
     * @param what    what it predicts ({@code context.outputs()} must be its width: the readout block).
     * @param kind    MSE or Bernoulli.
     * @param weight  the term's weight, ≥ 0.
     */
    public Predictive(
        final Prediction what, final LossKind kind, final Supervised.Reduction reduction, final double weight,
        final ObjectiveContext context)
    {
        if (!(weight >= 0))
        {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        if (kind == LossKind.CROSS_ENTROPY)
        {
            throw new IllegalArgumentException("kind: " + kind + " (expected: MSE or BERNOULLI)");
        }
        if (context.outputs() != what.width())
        {
            throw new IllegalArgumentException("readout block: " + context.outputs() + " units (expected: " +
                what.width() + ", the width of what it predicts)");
        }
        this.what = what;
        this.kind = kind;
        this.reduction = reduction;
        this.weight = weight;
        this.batch = context.batch();
        this.horizon = what.horizon();
        final int width = what.width();
        final INDArray all = Nd4j.create(DataType.FLOAT, context.trialSteps(), batch, width);
        this.arrived = new INDArray[context.trialSteps()];
        for (int t = 0; t < arrived.length; t++)
        {
            arrived[t] = all.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
        }
        this.arrivedNio = all.data().asNioFloat();
        this.predictions = new float[horizon][batch * width];
        this.error = new float[batch * width];
    }

    /** @return what it predicts. */
    public Prediction prediction()
    {
        return what;
    }

    public LossKind kind()
    {
        return kind;
    }

    @Override
    public int signalWidth()
    {
        return what.width();
    }

    @Override
    public float[] signal()
    {
        return error;
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        final float[] x = what.link() == Prediction.SELF ? inputs.activity() : inputs.inbound(what.link());
        if (k < 0)
        {
            Arrays.fill(error, 0f);
            return;
        }
        final float[] slot = predictions[k % horizon];
        if (k >= horizon)
        {
            for (int i = 0; i < error.length; i++)
            {
                final float p = kind == LossKind.BERNOULLI ? sigmoid(slot[i]) : slot[i];
                error[i] = p - x[i];
            }
        }
        else
        {
            Arrays.fill(error, 0f);
        }
        System.arraycopy(inputs.readout(), 0, slot, 0, slot.length);
        if (k < arrived.length)
        {
            arrivedNio.put(k * error.length, x, 0, error.length);
        }
    }

    private static float sigmoid(final float v)
    {
        return (float)(1 / (1 + Math.exp(-v)));
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        final Loss loss = loss(kind, arrived, steps, horizon, weight, reduction);
        return TrialTerm.of(loss);
    }

    /**
     * The loss of a trial whose readout at step t predicts {@code arrived[t + horizon]}: the steps t &lt; steps − h
     * count, with the term's weight (divided by B · (steps − h) with {@link Supervised.Reduction#MEAN}).
     *
     * @param arrived per step (at least {@code steps}), what arrived, batch × width.
     */
    public static Loss loss(
        final LossKind kind, final INDArray[] arrived, final int steps, final int horizon, final double weight,
        final Supervised.Reduction reduction)
    {
        final INDArray[] targets = new INDArray[steps];
        final double[] weights = new double[steps];
        final int judged = Math.max(0, steps - horizon);
        final double rows = arrived[0].rows();
        final double w = reduction == Supervised.Reduction.MEAN && judged > 0 ? weight / (rows * judged) : weight;
        for (int t = 0; t < steps; t++)
        {
            final boolean counts = t < judged;
            targets[t] = arrived[counts ? t + horizon : t];
            weights[t] = counts ? w : 0;
        }
        return new Loss(kind, targets, weights);
    }
}
