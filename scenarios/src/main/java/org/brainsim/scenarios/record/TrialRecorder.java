package org.brainsim.scenarios.record;

import org.brainsim.regions.lockstep.StepObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Streams whole trials of one node's per-step output to a {@code .npy} array of shape
 * {@code [trials, rows, steps, units]} (C order): trials 0, k, 2k, … of the run, the first {@code rows} batch
 * rows, every step of the trial. Spikes are stored as packed bits along the last axis —
 * {@code ceil(units/8)} bytes, most significant bit first, exactly what {@code numpy.packbits(z, axis=-1)}
 * gives and {@code numpy.unpackbits(a, axis=-1, count=units)} undoes — rates as float32. One trial is buffered
 * (rows × steps × units), then appended, so memory is bounded whatever the run length.
 *
 * <p>A node sees a trial's steps {@code offset} steps after the task emitted them (the delay from the task to
 * the node); trial j of the node covers its steps {@code [offset + j·T, offset + (j+1)·T)}.
 *
 * <p>Called on the node's thread; {@link #close(long)} after the node stopped.
 */
public final class TrialRecorder implements StepObserver
{
    private final NpyAppender out;
    private final boolean packed;
    private final int batch;
    private final int rows;
    private final int units;
    private final int trialSteps;
    private final int everyTrials;
    private final long offset;
    private final int unitBytes;
    private final ByteBuffer trial;

    /**
     * @param file        the array to write.
     * @param packed      spikes (packed bits) rather than float32 values.
     * @param batch       rows the node computes.
     * @param rows        rows recorded (the first ones).
     * @param units       values per row and step.
     * @param trialSteps  steps per trial T.
     * @param everyTrials record trials 0, k, 2k, … (k ≥ 1).
     * @param offset      the node's delay from the task.
     */
    public TrialRecorder(
        final Path file, final boolean packed, final int batch, final int rows, final int units, final int trialSteps,
        final int everyTrials, final long offset) throws IOException
    {
        this.packed = packed;
        this.batch = batch;
        this.rows = rows;
        this.units = units;
        this.trialSteps = trialSteps;
        this.everyTrials = everyTrials;
        this.offset = offset;
        this.unitBytes = packed ? (units + 7) / 8 : units * 4;
        this.out = new NpyAppender(file, packed ? NpyDType.UINT8 : NpyDType.FLOAT32, rows, trialSteps,
            packed ? (units + 7) / 8 : units);
        this.trial = ByteBuffer.allocate(rows * trialSteps * unitBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public NpyAppender array()
    {
        return out;
    }

    /** @return whether the values are packed bits. */
    public boolean packed()
    {
        return packed;
    }

    /** @return units per row (before packing). */
    public int units()
    {
        return units;
    }

    public int everyTrials()
    {
        return everyTrials;
    }

    @Override
    public boolean keeps(final long step)
    {
        final long local = step - offset;
        return local >= 0 && (local / trialSteps) % everyTrials == 0;
    }

    @Override
    public int rowsRead(final int batchRows)
    {
        return rows;
    }

    @Override
    public void onStep(final long step, final float[] values)
    {
        final long local = step - offset;
        if (local < 0)
        {
            return;
        }
        final long index = local / trialSteps;
        if (index % everyTrials != 0)
        {
            return;
        }
        final int t = (int)(local % trialSteps);
        final int width = values.length / batch;
        for (int r = 0; r < rows; r++)
        {
            final int at = (r * trialSteps + t) * unitBytes;
            if (packed)
            {
                for (int byteIndex = 0; byteIndex < unitBytes; byteIndex++)
                {
                    int bits = 0;
                    for (int bit = 0; bit < 8; bit++)
                    {
                        final int u = byteIndex * 8 + bit;
                        if (u < units && values[r * width + u] != 0)
                        {
                            bits |= 0x80 >>> bit;
                        }
                    }
                    trial.put(at + byteIndex, (byte)bits);
                }
            }
            else
            {
                for (int u = 0; u < units; u++)
                {
                    trial.putFloat(at + 4 * u, values[r * width + u]);
                }
            }
        }
        if (t == trialSteps - 1)
        {
            try
            {
                trial.clear();
                out.append(trial);
                trial.clear();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * Keeps the recorded trials whose index is below {@code trials} (a node may run past the task's last
     * trial before the run stops) and writes the header.
     */
    public void close(final long trials) throws IOException
    {
        out.truncate((trials + everyTrials - 1) / everyTrials);
        out.close();
    }
}
