package org.brainsim.regions.network;

import java.lang.ref.Reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row- and column-vector broadcasts ({@code x[i, j] op= v[j]} or {@code v[i]}) that keep their ND4J op reachable for
 * the whole native call: use these instead of {@code INDArray.addiRowVector}, {@code muliRowVector} and friends.
 *
 * <p>Why: ND4J 1.0.0-M2.1's {@code NativeOpExecutioner.exec(BroadcastOp)} passes the op's dimensions array (a small
 * array it creates for every op, outside any workspace) to the native {@code execBroadcast} and does not touch the op
 * after the call. Once the JIT has compiled that method, the op — and with it the dimensions array — is unreachable
 * during the call, and a garbage collection lets ND4J's deallocator thread free the array's native buffer while
 * {@code execBroadcast} still reads it: a SIGSEGV in {@code sd::DataBuffer::primary()} (the crash issue 11 reports)
 * or a SIGBUS in {@code sd::TadDescriptor}. {@code BroadcastsTest} reproduces the race with a thread that calls
 * {@code System.gc()}. Holding the op with {@link Reference#reachabilityFence} until the call returns closes it.
 *
 * <p>Each element's result is one float operation on the same two operands whichever kernel ND4J would have chosen
 * (its own methods send some shapes, e.g. a column-major {@code x}, to a scalar op along a dimension instead), so the
 * results are bit-identical to ND4J's methods ({@code BroadcastsTest}). A vector or scalar {@code x} and a scalar
 * {@code v}, which ND4J computes element-wise without a dimensions array, and a rank-1 column (for which ND4J picks
 * its own dimension) are passed to ND4J's method.
 */
public final class Broadcasts
{
    private Broadcasts()
    {
    }

    /** {@code x[i, j] += row[j]}, in place. @return x */
    public static INDArray addiRowVector(final INDArray x, final INDArray row)
    {
        return usesBroadcastOp(x, row, true) ? exec(x, row, true, 'a') : x.addiRowVector(row);
    }

    /** {@code x[i, j] *= row[j]}, in place. @return x */
    public static INDArray muliRowVector(final INDArray x, final INDArray row)
    {
        return usesBroadcastOp(x, row, true) ? exec(x, row, true, 'm') : x.muliRowVector(row);
    }

    /** @return a copy of x with {@code [i, j] *= row[j]} */
    public static INDArray mulRowVector(final INDArray x, final INDArray row)
    {
        return muliRowVector(x.dup(), row);
    }

    /** {@code x[i, j] *= column[i]}, in place. @return x */
    public static INDArray muliColumnVector(final INDArray x, final INDArray column)
    {
        return usesBroadcastOp(x, column, false) ? exec(x, column, false, 'm') : x.muliColumnVector(column);
    }

    /** @return a copy of x with {@code [i, j] *= column[i]} */
    public static INDArray mulColumnVector(final INDArray x, final INDArray column)
    {
        return muliColumnVector(x.dup(), column);
    }

    /** The shapes this class broadcasts itself: a matrix x and a row ({@code [n]}, {@code [1, n]}) or column {@code [n, 1]}. */
    private static boolean usesBroadcastOp(final INDArray x, final INDArray v, final boolean rowWise)
    {
        return x.rank() == 2 && !x.isVector() && !x.isScalar() && !v.isScalar() &&
            (rowWise ? v.rank() == 1 || v.rank() == 2 && v.rows() == 1 : v.rank() == 2 && v.columns() == 1);
    }

    private static INDArray exec(final INDArray x, final INDArray v, final boolean rowWise, final char op)
    {
        final long expected = rowWise ? x.columns() : x.rows();
        if (v.length() != expected)
        {
            throw new IllegalStateException("cannot broadcast a " + java.util.Arrays.toString(v.shape()) + " vector " +
                (rowWise ? "along the rows" : "along the columns") + " of a " + java.util.Arrays.toString(x.shape()) +
                " array");
        }
        // as ND4J: an operand that shares x's buffer is copied first
        final INDArray operand = v.data().sameUnderlyingData(x.data()) ? v.dup() : v;
        final int dimension = rowWise ? 1 : 0;
        final BroadcastOp broadcast = op == 'a' ? new BroadcastAddOp(x, operand, x, dimension) :
            new BroadcastMulOp(x, operand, x, dimension);
        try
        {
            Nd4j.getExecutioner().exec(broadcast);
        }
        finally
        {
            Reference.reachabilityFence(broadcast);
        }
        return x;
    }
}
