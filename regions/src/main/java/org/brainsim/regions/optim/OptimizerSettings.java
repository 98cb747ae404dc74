package org.brainsim.regions.optim;

import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;

/**
 * The update settings of a learning region, as region keys: the optimiser and its step, and what is done to the
 * gradients first (L2, clipping). Every default is here.
 */
public final class OptimizerSettings
{
    /** The optimisers a scenario can name. */
    public enum Kind
    {
        /** Adam, TensorFlow convention ({@link Adam}). */
        ADAM,
        /** Plain gradient descent ({@link Sgd}). */
        SGD
    }

    public static final Param<Kind> OPTIMIZER = Param.choice("optimizer", Kind.class, Kind.ADAM, "adam or sgd");
    public static final Param<Double> LEARNING_RATE = Param.number("learning_rate", 1e-3, 0, true,
        Double.POSITIVE_INFINITY, "step size");
    public static final Param<Double> ADAM_BETA1 = Param.number("adam_beta1", Adam.DEFAULT_BETA1, 0, true, 0.999999,
        "Adam's β1");
    public static final Param<Double> ADAM_BETA2 = Param.number("adam_beta2", Adam.DEFAULT_BETA2, 0, true,
        0.999999999, "Adam's β2");
    public static final Param<Double> ADAM_EPSILON = Param.number("adam_epsilon", Adam.DEFAULT_EPSILON, 0, false, 1,
        "Adam's ε̂ (TensorFlow convention)");
    public static final Param<Double> L2 = Param.number("l2", 0.0, 0, true, Double.POSITIVE_INFINITY,
        "L2 penalty λ (g += λ θ)");
    public static final Param<Double> CLIP_NORM = Param.number("clip_norm", 0.0, 0, true, Double.POSITIVE_INFINITY,
        "largest global gradient norm (0: no clipping)");

    /** Every setting, in order. */
    public static final List<Param<?>> PARAMS = List.of(OPTIMIZER, LEARNING_RATE, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON,
        L2, CLIP_NORM);

    private OptimizerSettings()
    {
    }

    /** @return the optimiser the settings name. */
    public static Optimizer optimizer(final ParamValues values)
    {
        final double lr = values.get(LEARNING_RATE);
        return switch (values.get(OPTIMIZER))
        {
            case ADAM -> new Adam(lr, values.get(ADAM_BETA1), values.get(ADAM_BETA2), values.get(ADAM_EPSILON));
            case SGD -> new Sgd(lr);
        };
    }

    /** @return the gradient penalties the settings name. */
    public static GradientPenalties penalties(final ParamValues values)
    {
        final double clip = values.get(CLIP_NORM);
        return new GradientPenalties(values.get(L2), clip > 0 ? clip : Double.POSITIVE_INFINITY);
    }
}
