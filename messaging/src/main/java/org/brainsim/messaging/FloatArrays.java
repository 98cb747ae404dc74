package org.brainsim.messaging;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays on the wire as Kryo lays them out (4 bytes each, little-endian), copied in bulk through a
 * little-endian {@code FloatBuffer} view of the frame's bytes instead of Kryo's {@code writeFloats}/{@code readFloats},
 * which assemble every float from four single-byte moves (a rate frame cost five plain copies of its payload). On a
 * little-endian machine (every x86-64 and most ARM ones) the view's copy is a memory copy; on a big-endian one it swaps
 * the bytes of each float. The raw bits travel either way, NaN payloads included.
 */
final class FloatArrays
{
    private FloatArrays()
    {
    }

    /** The codec's output: Kryo's, plus a bulk float write. */
    static final class FrameOutput extends Output
    {
        FrameOutput(final int bufferSize, final int maxBufferSize)
        {
            super(bufferSize, maxBufferSize);
        }

        void writeFloatsLE(final float[] values, final int offset, final int count)
        {
            require(count * Float.BYTES);
            ByteBuffer.wrap(buffer, position, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .put(values, offset, count);
            position += count * Float.BYTES;
        }
    }

    /** The codec's input: Kryo's, plus a bulk float read. */
    static final class FrameInput extends Input
    {
        float[] readFloatsLE(final int count)
        {
            require(count * Float.BYTES);
            final float[] values = new float[count];
            ByteBuffer.wrap(buffer, position, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(values);
            position += count * Float.BYTES;
            return values;
        }
    }

    static void write(final Output output, final float[] values)
    {
        if (output instanceof FrameOutput frame)
        {
            frame.writeFloatsLE(values, 0, values.length);
        }
        else
        {
            output.writeFloats(values, 0, values.length);
        }
    }

    static float[] read(final Input input, final int count)
    {
        return input instanceof FrameInput frame ? frame.readFloatsLE(count) : input.readFloats(count);
    }
}
