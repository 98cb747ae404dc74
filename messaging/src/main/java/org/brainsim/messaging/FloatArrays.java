package org.brainsim.messaging;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays on the wire as Kryo lays them out (4 bytes each, little-endian), written and read a float at a
 * time instead of a byte at a time: Kryo's own {@code writeFloats}/{@code readFloats} assemble every float from
 * four single-byte moves, which made a rate frame cost five plain copies of its payload. On a little-endian machine
 * they are copied in bulk.
 */
final class FloatArrays
{
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * On a little-endian machine (every x86-64 and most ARM ones) the wire's bytes are the floats' memory: a view
     * buffer of that order copies them in bulk (a memory copy; the raw bits, NaN payloads included), where the loop
     * moved 4 bytes at a time (encode + decode 2.5 plain copies on the AMD CI kind, 2026-12-04).
     */
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

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
            if (NATIVE_LE)
            {
                ByteBuffer.wrap(buffer, position, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .put(values, offset, count);
                position += count * Float.BYTES;
                return;
            }
            final byte[] bytes = buffer;
            int p = position;
            for (int i = 0; i < count; i++, p += Float.BYTES)
            {
                LE.set(bytes, p, values[offset + i]);
            }
            position = p;
        }
    }

    /** The codec's input: Kryo's, plus a bulk float read. */
    static final class FrameInput extends Input
    {
        float[] readFloatsLE(final int count)
        {
            require(count * Float.BYTES);
            final float[] values = new float[count];
            if (NATIVE_LE)
            {
                ByteBuffer.wrap(buffer, position, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values);
                position += count * Float.BYTES;
                return values;
            }
            final byte[] bytes = buffer;
            int p = position;
            for (int i = 0; i < count; i++, p += Float.BYTES)
            {
                values[i] = (float)LE.get(bytes, p);
            }
            position = p;
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
