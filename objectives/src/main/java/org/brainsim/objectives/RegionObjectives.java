package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The weighted objectives of one region, seen as one: their per-step signals side by side in what the region emits
 * on its error links, their trial terms summed into the {@link TrialLoss} its rule follows, and their scores.
 *
 * <p>The region's readout is laid out in blocks: each term reads its own block of readout units ({@link Block}), a
 * supervised term the first {@code outputs} units, each predictive term the units after them, a regulariser of the
 * readout all of it. A term sees only its block, as if it were the whole readout, and its error lands in its block.
 *
 * <p>Not thread-safe: the region's thread drives it in the order {@link Objective} states.
 */
public final class RegionObjectives
{
    /**
     * The readout units a term reads.
     *
     * @param offset first unit.
     * @param width  units.
     */
    public record Block(int offset, int width)
    {
        public Block
        {
            if (offset < 0 || width < 1)
            {
                throw new IllegalArgumentException("offset, width: " + offset + ", " + width +
                    " (expected: >= 0, >= 1)");
            }
        }
    }

    private final List<Objective> objectives;
    private final List<Block> blocks;        // null: every term reads the whole readout
    private final int readoutWidth;
    private final BlockInputs[] views;       // per term: its block of the step's readout, or null for the whole
    private final int signalWidth;
    private final float[] signal;            // the emitting terms' signals side by side (when more than one emits)
    private final List<TrialTerm> terms = new ArrayList<>();

    /** Objectives that all read the whole readout. */
    public RegionObjectives(final List<Objective> objectives)
    {
        this(objectives, null, 0, 0);
    }

    /**
     * @param objectives   the region's objectives, weighted already.
     * @param blocks       per objective, the readout units it reads ({@code null}: all of them, every one).
     * @param readoutWidth the region's readout units.
     * @param batch        rows.
     */
    public RegionObjectives(
        final List<Objective> objectives, final List<Block> blocks, final int readoutWidth, final int batch)
    {
        this.objectives = List.copyOf(objectives);
        this.blocks = blocks == null ? null : List.copyOf(blocks);
        this.readoutWidth = readoutWidth;
        this.views = new BlockInputs[this.objectives.size()];
        if (blocks != null)
        {
            if (blocks.size() != objectives.size())
            {
                throw new IllegalArgumentException("blocks: " + blocks.size() + " (expected: one per objective, " +
                    objectives.size() + ")");
            }
            for (int i = 0; i < views.length; i++)
            {
                final Block b = blocks.get(i);
                if (b.offset() + b.width() > readoutWidth)
                {
                    throw new IllegalArgumentException("block " + b + " (expected: within " + readoutWidth + " units)");
                }
                if (b.width() != readoutWidth)
                {
                    views[i] = new BlockInputs(b, readoutWidth, batch);
                }
            }
        }
        int width = 0;
        int emitting = 0;
        for (final Objective o : this.objectives)
        {
            width += o.signalWidth();
            emitting += o.signalWidth() > 0 ? 1 : 0;
        }
        this.signalWidth = width;
        this.signal = emitting > 1 ? new float[batch * width] : null;
        if (emitting > 1 && batch < 1)
        {
            throw new IllegalArgumentException("batch: " + batch + " (expected: >= 1 when several terms emit)");
        }
    }

    /** @return the objectives, in order. */
    public List<Objective> objectives()
    {
        return objectives;
    }

    /** @return the action chosen at the step just seen by the first term that acts, or {@code null} (none acts). */
    public float[] action()
    {
        for (final Objective o : objectives)
        {
            final float[] a = o.action();
            if (a != null)
            {
                return a;
            }
        }
        return null;
    }

    /** @return values per row of the action values the region offers: its first offering term's (0: none offers). */
    public int valuesWidth()
    {
        return objectives.stream().mapToInt(Objective::valuesWidth).filter(w -> w > 0).findFirst().orElse(0);
    }

    /** @return the action values of the step just seen, from the first term that offers them. */
    public float[] values()
    {
        for (final Objective o : objectives)
        {
            if (o.valuesWidth() > 0)
            {
                return o.values();
            }
        }
        throw new IllegalStateException("no objective of this region offers action values");
    }

    /** @return values per row of the neuromodulator the region sends: its first sending term's (0: none sends). */
    public int modulatorWidth()
    {
        return objectives.stream().mapToInt(Objective::modulatorWidth).filter(w -> w > 0).findFirst().orElse(0);
    }

    /** @return the neuromodulator of the step just seen, from the first term that sends one. */
    public float[] modulator()
    {
        for (final Objective o : objectives)
        {
            if (o.modulatorWidth() > 0)
            {
                return o.modulator();
            }
        }
        throw new IllegalStateException("no objective of this region sends a neuromodulator");
    }

    /** @return values per row of the step's signal: the emitting terms' widths added (0: none). */
    public int signalWidth()
    {
        return signalWidth;
    }

    /** @return the signal of the step just seen: per row, the emitting terms' signals one after another. */
    public float[] signal()
    {
        if (signalWidth == 0)
        {
            throw new IllegalStateException("no objective of this region emits a per-step signal");
        }
        if (signal == null)
        {
            for (final Objective o : objectives)
            {
                if (o.signalWidth() > 0)
                {
                    return o.signal(); // one term emits: its own signal, as it is
                }
            }
        }
        final int rows = signal.length / signalWidth;
        int at = 0;
        for (final Objective o : objectives)
        {
            final int w = o.signalWidth();
            if (w == 0)
            {
                continue;
            }
            final float[] s = o.signal();
            for (int b = 0; b < rows; b++)
            {
                System.arraycopy(s, b * w, signal, b * signalWidth + at, w);
            }
            at += w;
        }
        return signal;
    }

    /** A trial begins. */
    public void startTrial()
    {
        objectives.forEach(Objective::startTrial);
    }

    /** Sees one step (k: step within the trial, −1 between trials). */
    public void step(final int k, final ObjectiveInputs inputs)
    {
        for (int i = 0; i < views.length; i++)
        {
            objectives.get(i).step(k, views[i] == null ? inputs : views[i].of(inputs));
        }
    }

    /** @return the trial's summed loss, over its first {@code steps} steps; keeps the terms for {@link #score}. */
    public TrialLoss endTrial(final int steps)
    {
        terms.clear();
        ReadoutLoss readout = ReadoutLoss.NONE;
        ActivityLoss activity = null;
        for (int i = 0; i < views.length; i++)
        {
            final TrialTerm term = objectives.get(i).endTrial(steps);
            terms.add(term);
            final ReadoutLoss r = term.readout();
            readout = ReadoutLoss.sum(readout, views[i] == null || r == ReadoutLoss.NONE ? r :
                new BlockLoss(r, blocks.get(i)));
            activity = ActivityLoss.sum(activity, term.activity());
        }
        return new TrialLoss(readout, activity);
    }

    /** @return the last trial's scores on its readout {@code y} and activity. */
    public TrialScores score(final INDArray[] y, final INDArray[] activity, final double dtMs)
    {
        double loss = 0;
        double accuracy = Double.NaN;
        final double[] values = new double[terms.size()];
        for (int i = 0; i < values.length; i++)
        {
            final TrialTerm term = terms.get(i);
            final INDArray[] own = views[i] == null ? y : columns(y, blocks.get(i));
            values[i] = term.value(own, activity, dtMs);
            if (!term.regularizer())
            {
                loss += values[i];
            }
            if (Double.isNaN(accuracy))
            {
                accuracy = term.accuracy(own);
            }
        }
        final List<TrialArray> arrays = new ArrayList<>();
        for (final Objective o : objectives)
        {
            arrays.addAll(o.trialArrays());
        }
        return new TrialScores(loss, accuracy, values, arrays);
    }

    /** @return per step, the block's columns of {@code y} (views). */
    static INDArray[] columns(final INDArray[] y, final Block block)
    {
        final INDArray[] out = new INDArray[y.length];
        for (int t = 0; t < y.length; t++)
        {
            out[t] = columns(y[t], block);
        }
        return out;
    }

    private static INDArray columns(final INDArray y, final Block block)
    {
        return y.get(NDArrayIndex.all(), NDArrayIndex.interval(block.offset(), block.offset() + block.width()));
    }

    /** A term's loss on its block, seen on the whole readout: its error in its block, zeros elsewhere. */
    private record BlockLoss(ReadoutLoss inner, Block block) implements ReadoutLoss
    {
        @Override
        public double value(final INDArray[] y)
        {
            return inner.value(columns(y, block));
        }

        @Override
        public double[] rowValues(final INDArray[] y)
        {
            return inner.rowValues(columns(y, block));
        }

        @Override
        public INDArray error(final INDArray y, final int t)
        {
            final INDArray err = Nd4j.zeros(y.dataType(), y.shape());
            if (inner.judges(t))
            {
                columns(err, block).assign(inner.error(columns(y, block), t));
            }
            return err;
        }

        @Override
        public boolean judges(final int t)
        {
            return inner.judges(t);
        }
    }

    /** One term's view of a step: its block of the readout, everything else as the region gave it. */
    private static final class BlockInputs implements ObjectiveInputs
    {
        private final Block block;
        private final int total;
        private final float[] readout;
        private ObjectiveInputs inputs;

        BlockInputs(final Block block, final int total, final int batch)
        {
            this.block = block;
            this.total = total;
            this.readout = new float[batch * block.width()];
        }

        ObjectiveInputs of(final ObjectiveInputs step)
        {
            this.inputs = step;
            final float[] all = step.readout();
            final int rows = readout.length / block.width();
            for (int b = 0; b < rows; b++)
            {
                System.arraycopy(all, b * total + block.offset(), readout, b * block.width(), block.width());
            }
            return this;
        }

        @Override
        public float[] readout()
        {
            return readout;
        }

        @Override
        public float[] activity()
        {
            return inputs.activity();
        }

        @Override
        public float[] target()
        {
            return inputs.target();
        }

        @Override
        public float[] inbound(final int link)
        {
            return inputs.inbound(link);
        }

        @Override
        public float[] reward()
        {
            return inputs.reward();
        }

        @Override
        public float[] modulator()
        {
            return inputs.modulator();
        }

        @Override
        public int valueLinks()
        {
            return inputs.valueLinks();
        }

        @Override
        public float[] values(final int j)
        {
            return inputs.values(j);
        }

        @Override
        public double window()
        {
            return inputs.window();
        }
    }
}
