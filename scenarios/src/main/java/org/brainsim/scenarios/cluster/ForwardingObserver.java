package org.brainsim.scenarios.cluster;

import org.brainsim.regions.lockstep.StepObserver;

import java.util.Arrays;

/**
 * Sends the steps a recorder keeps ({@link StepObserver#keeps}), and only the rows it reads, to a
 * {@link RecordSink} in chunks of up to {@value #CHUNK_BYTES} bytes. Runs on the node's thread; {@link #flush()}
 * after the node stopped.
 */
public final class ForwardingObserver implements StepObserver
{
    /** Largest chunk, well under the cluster transport's frame limit. */
    public static final int CHUNK_BYTES = 256 * 1024;

    private final String node;
    private final String stream;
    private final StepObserver recorder;
    private final RecordSink sink;
    private final int rows;
    private final int width;
    private final int maxSteps;
    private long[] steps;
    private float[] values;
    private int count;

    /**
     * @param recorder the recorder at the other end (only its {@code keeps} and {@code rowsRead} are used here).
     * @param batch    rows the node computes.
     * @param width    values per row.
     */
    public ForwardingObserver(
        final String node, final String stream, final StepObserver recorder, final int batch, final int width,
        final RecordSink sink)
    {
        this.node = node;
        this.stream = stream;
        this.recorder = recorder;
        this.sink = sink;
        this.rows = Math.min(batch, recorder.rowsRead(batch));
        this.width = width;
        this.maxSteps = Math.max(1, CHUNK_BYTES / Math.max(1, 4 * rows * width));
        this.steps = new long[maxSteps];
        this.values = new float[maxSteps * rows * width];
    }

    @Override
    public void onStep(final long step, final float[] output)
    {
        if (!recorder.keeps(step))
        {
            return;
        }
        System.arraycopy(output, 0, values, count * rows * width, rows * width);
        steps[count++] = step;
        if (count == maxSteps)
        {
            flush();
        }
    }

    /** Sends what is buffered. */
    public void flush()
    {
        if (count == 0)
        {
            return;
        }
        sink.steps(node, stream, Arrays.copyOf(steps, count), rows, width, Arrays.copyOf(values, count * rows * width));
        count = 0;
    }
}
