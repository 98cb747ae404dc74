package org.brainsim.objectives;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Bulk copies between float32 ND4J arrays (or c-ordered, contiguous views of them, such as a trajectory's step)
 * and Java arrays: the bridge between ND4J buffers and the fused CPU kernels, a memory copy each way.
 */
public final class Floats
{
    private Floats()
    {
    }

    /**
     * @return the elements of {@code a} (float32, dense and row-major) as a buffer whose index 0 is its first element:
     *     a copy of a range by absolute index ({@code get(i, dst, at, length)}, {@code put(i, src, at, length)}) skips
     *     the ~0.2 µs of looking the buffer up that every {@link #read(INDArray, int, float[], int, int)} pays, and is
     *     safe from several threads on disjoint ranges. The buffer does not keep {@code a} reachable, and ND4J frees
     *     an array's memory when the array is collected: keep {@code a} reachable while the buffer is used
     *     ({@link java.lang.ref.Reference#reachabilityFence}).
     * @throws IllegalArgumentException when {@code a} is not float32 or does not lie dense and row-major.
     */
    public static FloatBuffer view(final INDArray a)
    {
        final FloatBuffer nio = contiguous(a, (int)a.length());
        if (nio == null)
        {
            throw new IllegalArgumentException("a view needs a dense row-major float32 array (shape " +
                java.util.Arrays.toString(a.shape()) + ", order " + a.ordering() + ")");
        }
        return nio.slice((int)a.offset(), (int)a.length());
    }

    /** @return {@link #view} of every array, in order. */
    public static FloatBuffer[] views(final INDArray[] arrays)
    {
        final FloatBuffer[] views = new FloatBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++)
        {
            views[i] = view(arrays[i]);
        }
        return views;
    }

    /**
     * @return a {@link FloatBuffer#duplicate} of every view: the buffer objects a thread copies through should be its
     *     own. Two threads copying through the same objects, on disjoint ranges, ran the spiking backward pass at
     *     half speed (2.9 → 5.5 ms a trial at N = 128, four runs; the cause was not found); with their own
     *     duplicates they did not.
     */
    public static FloatBuffer[] duplicates(final FloatBuffer[] views)
    {
        final FloatBuffer[] own = new FloatBuffer[views.length];
        for (int i = 0; i < views.length; i++)
        {
            own[i] = views[i].duplicate();
        }
        return own;
    }

    /** Copies {@code from} (float32) into {@code to}, which holds exactly its elements, row-major. */
    public static void read(final INDArray from, final float[] to)
    {
        final FloatBuffer nio = contiguous(from, to.length);
        if (nio == null)
        {
            System.arraycopy(from.dup('c').data().asFloat(), 0, to, 0, to.length);
            return;
        }
        nio.get((int)from.offset(), to, 0, to.length);
    }

    /** Copies {@code from} into {@code to} (float32), which holds exactly its elements, row-major. */
    public static void write(final float[] from, final INDArray to)
    {
        final FloatBuffer nio = contiguous(to, from.length);
        if (nio == null)
        {
            to.assign(org.nd4j.linalg.factory.Nd4j.create(from, to.shape(), 'c'));
            return;
        }
        nio.put((int)to.offset(), from, 0, from.length);
    }

    /**
     * Copies elements {@code first … first + length − 1} of {@code from} (float32, row-major order) into {@code to}
     * from {@code at}: a range of rows without a view. Safe from several threads on disjoint ranges.
     */
    public static void read(final INDArray from, final int first, final float[] to, final int at, final int length)
    {
        checkRange(from, first, length);
        final FloatBuffer nio = contiguous(from, (int)from.length());
        if (nio == null)
        {
            System.arraycopy(from.dup('c').data().asFloat(), first, to, at, length);
            return;
        }
        nio.get((int)from.offset() + first, to, at, length);
    }

    /**
     * Copies {@code length} values of {@code from}, from {@code at}, into elements {@code first …} of {@code to}
     * (float32, contiguous row-major): a range of rows without a view. Safe from several threads on disjoint ranges.
     */
    public static void write(final float[] from, final int at, final INDArray to, final int first, final int length)
    {
        checkRange(to, first, length);
        final FloatBuffer nio = contiguous(to, (int)to.length());
        if (nio == null)
        {
            throw new IllegalArgumentException("a range can only be written into a contiguous row-major array");
        }
        nio.put((int)to.offset() + first, from, at, length);
    }

    private static void checkRange(final INDArray a, final int first, final int length)
    {
        if (first < 0 || length < 0 || first + (long)length > a.length())
        {
            throw new IndexOutOfBoundsException("elements " + first + " + " + length + " of " + a.length());
        }
    }

    /** @return a copy of {@code a} (float32) as a row-major Java array. */
    public static float[] of(final INDArray a)
    {
        final float[] values = new float[(int)a.length()];
        read(a, values);
        return values;
    }

    /** @return the whole buffer behind {@code a} when its elements lie in it row-major from its offset, or null. */
    private static FloatBuffer contiguous(final INDArray a, final int length)
    {
        if (a.dataType() != DataType.FLOAT)
        {
            throw new IllegalArgumentException("dtype: " + a.dataType() + " (expected: FLOAT)");
        }
        if (a.length() != length)
        {
            throw new IllegalArgumentException("elements: " + a.length() + " (expected: " + length + ")");
        }
        if (!Floats.rowMajorDense(a)) // by strides: a column view may call itself 'f' and still lie row-major
        {
            return null;
        }
        final FloatBuffer nio = a.data().asNioFloat();
        return nio.capacity() >= a.offset() + length ? nio : null;
    }

    /**
     * @return whether {@code a}'s elements lie dense and row-major from its offset, judged by its strides (a column view
     *     may call itself 'f' and still lie row-major).
     */
    public static boolean rowMajorDense(final INDArray a)
    {
        final long[] shape = a.shape();
        final long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && stride[d] != expected)
            {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
