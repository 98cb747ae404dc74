package org.brainsim.objectives;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a trial asks of a network's readout y_t (batch × nOut): a loss over the trial and, per step, its immediate
 * derivative {@code err_t = ∂E/∂y_t}, the signal every learning rule starts from. Weighted: the weight of the
 * objective term is already in it.
 */
public interface ReadoutLoss
{
    /** No readout term: zero loss, zero error. */
    ReadoutLoss NONE = new ReadoutLoss()
    {
        @Override
        public double value(final INDArray[] y)
        {
            return 0;
        }

        @Override
        public double[] rowValues(final INDArray[] y)
        {
            return new double[(int)y[0].rows()];
        }

        @Override
        public INDArray error(final INDArray y, final int t)
        {
            return Nd4j.zeros(y.dataType(), y.shape());
        }

        @Override
        public boolean judges(final int t)
        {
            return false;
        }
    };

    /** @return E summed over steps and rows. */
    double value(INDArray[] y);

    /** @return E of each batch row, summed over steps. */
    double[] rowValues(INDArray[] y);

    /** @return err_t = ∂E/∂y_t at step t, a new array (zeros where step t does not count). */
    INDArray error(INDArray y, int t);

    /**
     * @return err_t as float32 values, row-major batch × nOut (a new array): {@link #error} computed in plain Java
     *     where the loss can do so with the same float operations (the fused backward passes ask every judged step).
     */
    default float[] errorValues(final INDArray y, final int t)
    {
        final INDArray err = error(y, t);
        return Floats.of(err.dataType() == DataType.FLOAT ? err : err.castTo(DataType.FLOAT));
    }

    /**
     * @return whether step t counts at all: {@code false} promises that {@link #error} is zero there, so a rule may
     * skip asking (most steps of a task with an evaluation window).
     */
    default boolean judges(final int t)
    {
        return true;
    }

    /**
     * @return a loss that is these values per row whatever the readout, asking nothing of it step by step (a trial's
     *     −R for the rules that learn by perturbation).
     */
    static ReadoutLoss rows(final double[] values)
    {
        final double[] rows = values.clone();
        return new ReadoutLoss()
        {
            @Override
            public double value(final INDArray[] y)
            {
                return java.util.Arrays.stream(rows).sum();
            }

            @Override
            public double[] rowValues(final INDArray[] y)
            {
                return rows.clone();
            }

            @Override
            public INDArray error(final INDArray y, final int t)
            {
                return Nd4j.zeros(y.dataType(), y.shape());
            }

            @Override
            public boolean judges(final int t)
            {
                return false;
            }
        };
    }

    /** @return the sum of two readout losses (their errors add). */
    static ReadoutLoss sum(final ReadoutLoss a, final ReadoutLoss b)
    {
        if (a == NONE)
        {
            return b;
        }
        if (b == NONE)
        {
            return a;
        }
        return new ReadoutLoss()
        {
            @Override
            public double value(final INDArray[] y)
            {
                return a.value(y) + b.value(y);
            }

            @Override
            public double[] rowValues(final INDArray[] y)
            {
                final double[] rows = a.rowValues(y);
                final double[] more = b.rowValues(y);
                for (int i = 0; i < rows.length; i++)
                {
                    rows[i] += more[i];
                }
                return rows;
            }

            @Override
            public INDArray error(final INDArray y, final int t)
            {
                return a.error(y, t).addi(b.error(y, t));
            }

            @Override
            public boolean judges(final int t)
            {
                return a.judges(t) || b.judges(t);
            }
        };
    }
}
