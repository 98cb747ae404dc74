package org.brainsim.messaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * One Kryo serializer per frame record. Layout: varint linkId, varlong step, varint batchSize,
 * varint width where the frame has one, then each array as a varint count and raw little-endian
 * elements. A count is checked against the bytes left before any array is allocated, so garbage
 * cannot make the decoder allocate gigabytes.
 */
final class FrameSerializers
{
    private FrameSerializers()
    {
    }

    static final Serializer<SpikeFrame> SPIKE = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final SpikeFrame f)
        {
            writeHeader(output, f.linkId(), f.step(), f.batchSize(), f.width());
            output.writeVarInt(f.bits().length, true);
            output.writeLongs(f.bits(), 0, f.bits().length);
        }

        @Override
        public SpikeFrame read(final Kryo kryo, final Input input, final Class<? extends SpikeFrame> type)
        {
            final int linkId = input.readVarInt(true);
            final long step = input.readVarLong(true);
            final int batchSize = input.readVarInt(true);
            final int width = input.readVarInt(true);
            return new SpikeFrame(linkId, step, batchSize, width, input.readLongs(count(input, Long.BYTES)));
        }
    };

    static final Serializer<RateFrame> RATE = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final RateFrame f)
        {
            writeFloatsFrame(output, f.linkId(), f.step(), f.batchSize(), f.width(), f.values());
        }

        @Override
        public RateFrame read(final Kryo kryo, final Input input, final Class<? extends RateFrame> type)
        {
            return new RateFrame(input.readVarInt(true), input.readVarLong(true), input.readVarInt(true),
                input.readVarInt(true), readFloats(input));
        }
    };

    static final Serializer<ErrorFrame> ERROR = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final ErrorFrame f)
        {
            writeFloatsFrame(output, f.linkId(), f.step(), f.batchSize(), f.width(), f.values());
        }

        @Override
        public ErrorFrame read(final Kryo kryo, final Input input, final Class<? extends ErrorFrame> type)
        {
            return new ErrorFrame(input.readVarInt(true), input.readVarLong(true), input.readVarInt(true),
                input.readVarInt(true), readFloats(input));
        }
    };

    static final Serializer<ModulatorFrame> MODULATOR = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final ModulatorFrame f)
        {
            writeFloatsFrame(output, f.linkId(), f.step(), f.batchSize(), f.width(), f.values());
        }

        @Override
        public ModulatorFrame read(final Kryo kryo, final Input input, final Class<? extends ModulatorFrame> type)
        {
            return new ModulatorFrame(input.readVarInt(true), input.readVarLong(true), input.readVarInt(true),
                input.readVarInt(true), readFloats(input));
        }
    };

    static final Serializer<ActionValuesFrame> ACTION_VALUES = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final ActionValuesFrame f)
        {
            writeFloatsFrame(output, f.linkId(), f.step(), f.batchSize(), f.actions(), f.values());
            output.writeVarInt(f.uncertainty().length, true);
            FloatArrays.write(output, f.uncertainty());
        }

        @Override
        public ActionValuesFrame read(final Kryo kryo, final Input input, final Class<? extends ActionValuesFrame> type)
        {
            return new ActionValuesFrame(input.readVarInt(true), input.readVarLong(true), input.readVarInt(true),
                input.readVarInt(true), readFloats(input), readFloats(input));
        }
    };

    static final Serializer<ObservationFrame> OBSERVATION = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final ObservationFrame f)
        {
            writeFloatsFrame(output, f.linkId(), f.step(), f.batchSize(), f.width(), f.values());
            output.writeVarInt(f.rowFlags().length, true);
            output.writeBytes(f.rowFlags());
        }

        @Override
        public ObservationFrame read(
            final Kryo kryo, final Input input, final Class<? extends ObservationFrame> type)
        {
            final int linkId = input.readVarInt(true);
            final long step = input.readVarLong(true);
            final int batchSize = input.readVarInt(true);
            final int width = input.readVarInt(true);
            final float[] values = readFloats(input);
            final byte[] flags = input.readBytes(count(input, 1));
            return new ObservationFrame(linkId, step, batchSize, width, values, flags);
        }
    };

    static final Serializer<RewardFrame> REWARD = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final RewardFrame f)
        {
            output.writeVarInt(f.linkId(), true);
            output.writeVarLong(f.step(), true);
            output.writeVarInt(f.batchSize(), true);
            output.writeVarInt(f.rewards().length, true);
            FloatArrays.write(output, f.rewards());
            output.writeVarInt(f.flags().length, true);
            output.writeBytes(f.flags());
        }

        @Override
        public RewardFrame read(final Kryo kryo, final Input input, final Class<? extends RewardFrame> type)
        {
            final int linkId = input.readVarInt(true);
            final long step = input.readVarLong(true);
            final int batchSize = input.readVarInt(true);
            final float[] rewards = readFloats(input);
            return new RewardFrame(linkId, step, batchSize, rewards, input.readBytes(count(input, 1)));
        }
    };

    static final Serializer<ActionFrame> ACTION = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final ActionFrame f)
        {
            output.writeVarInt(f.linkId(), true);
            output.writeVarLong(f.step(), true);
            output.writeVarInt(f.batchSize(), true);
            output.writeVarInt(f.actions().length, true);
            output.writeInts(f.actions(), 0, f.actions().length);
        }

        @Override
        public ActionFrame read(final Kryo kryo, final Input input, final Class<? extends ActionFrame> type)
        {
            return new ActionFrame(input.readVarInt(true), input.readVarLong(true), input.readVarInt(true),
                input.readInts(count(input, Integer.BYTES)));
        }
    };

    static final Serializer<CreditFrame> CREDIT = new Immutable<>()
    {
        @Override
        public void write(final Kryo kryo, final Output output, final CreditFrame f)
        {
            output.writeVarInt(f.linkId(), true);
            output.writeVarLong(f.step(), true);
        }

        @Override
        public CreditFrame read(final Kryo kryo, final Input input, final Class<? extends CreditFrame> type)
        {
            return new CreditFrame(input.readVarInt(true), input.readVarLong(true));
        }
    };

    private static void writeHeader(
        final Output output, final int linkId, final long step, final int batchSize, final int width)
    {
        output.writeVarInt(linkId, true);
        output.writeVarLong(step, true);
        output.writeVarInt(batchSize, true);
        output.writeVarInt(width, true);
    }

    private static void writeFloatsFrame(
        final Output output, final int linkId, final long step, final int batchSize, final int width,
        final float[] values)
    {
        writeHeader(output, linkId, step, batchSize, width);
        output.writeVarInt(values.length, true);
        FloatArrays.write(output, values);
    }

    private static float[] readFloats(final Input input)
    {
        return FloatArrays.read(input, count(input, Float.BYTES));
    }

    /** Reads an element count and checks the elements can still be in the buffer. */
    private static int count(final Input input, final int elementBytes)
    {
        final int count = input.readVarInt(true);
        final long remaining = input.limit() - input.position();
        if (count < 0)
        {
            throw new IllegalArgumentException("array count: " + count + " (expected: >= 0)");
        }
        if ((long)count * elementBytes > remaining)
        {
            throw new TruncatedException(
                "array of " + count + " elements declared, room for " + remaining / elementBytes + " left");
        }
        return count;
    }

    /** The bytes end before a declared array does. */
    static final class TruncatedException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        TruncatedException(final String message)
        {
            super(message, null, false, false);
        }
    }

    /** Frames are immutable: copying returns the same instance. */
    private abstract static class Immutable<T> extends Serializer<T>
    {
        Immutable()
        {
            super(false, true);
        }
    }
}
