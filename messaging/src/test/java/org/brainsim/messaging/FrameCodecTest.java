package org.brainsim.messaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest
{
    private final FrameCodec codec = new FrameCodec(1 << 20);

    static Stream<Frame> everyFrameType()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final float[] dense = new float[3 * 130];
        for (int i = 0; i < dense.length; i++)
        {
            dense[i] = random.nextDouble() < 0.2 ? 1.0f : 0.0f;
        }
        final float[] rates = new float[4 * 5];
        for (int i = 0; i < rates.length; i++)
        {
            rates[i] = (float)random.nextGaussian();
        }
        return Stream.of(
            SpikeFrame.fromDense(3, 123_456_789_012L, 3, 130, dense),
            new RateFrame(0, 0, 4, 5, rates),
            new ErrorFrame(7, 99, 4, 5, rates.clone()),
            new ModulatorFrame(1, 5, 2, 1, new float[] {Float.NaN, -0.5f}),
            new ObservationFrame(2, 17, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, new byte[] {
                ObservationFrame.TRIAL_START, ObservationFrame.EVALUATE}),
            new RewardFrame(4, 1, 3, new float[] {0.0f, 1.0f, -1.0f},
                new byte[] {0, RewardFrame.ACTED, RewardFrame.ACTED | RewardFrame.EPISODE_END}),
            new ActionFrame(5, 2, 3, new int[] {-1, 0, 7}),
            new CreditFrame(6, 1000),
            new ActionValuesFrame(7, 12, 2, 3, new float[] {0.1f, -0.2f, 0.3f, 1, 2, 3},
                new float[] {0.01f, 0.02f, Float.NaN, 0, 0.5f, 4}));
    }

    @ParameterizedTest
    @MethodSource("everyFrameType")
    void shouldRoundTripEveryFrameType(final Frame frame) throws MalformedFrameException
    {
        final byte[] bytes = codec.encode(frame);
        final Frame decoded = codec.decode(bytes);

        assertNotSame(frame, decoded);
        assertEquals(frame, decoded);
        assertEquals(0, codec.malformedFrames());
    }

    @Test
    void rewardFlagsSayWhichActionWasTakenAndTravel() throws MalformedFrameException
    {
        final int flags = RewardFrame.flags(true, true, 62);
        assertEquals(62, RewardFrame.taken(flags));
        assertEquals(-1, RewardFrame.taken(RewardFrame.flags(true, false, -1)));
        assertEquals(RewardFrame.ACTED | RewardFrame.EPISODE_END, flags & 3);
        final RewardFrame frame = RewardFrame.fromDense(1, 2, 2, new float[] {1, flags, 0, RewardFrame.flags(true,
            false, 1)});
        final RewardFrame back = (RewardFrame)codec.decode(codec.encode(frame));
        final float[] dense = new float[4];
        back.copyTo(dense);
        assertEquals(62, RewardFrame.taken((int)dense[1]));
        assertEquals(1, RewardFrame.taken((int)dense[3]));
        assertEquals(flags, (int)dense[1], "the flags come back as the same number, not a negative byte");
    }

    @Test
    void shouldPackSpikesAsBitsPerRow()
    {
        final float[] dense = new float[2 * 70];
        dense[0] = 1;
        dense[69] = 1;
        dense[70 + 64] = 1;
        final SpikeFrame frame = SpikeFrame.fromDense(0, 0, 2, 70, dense);

        assertEquals(4, frame.bits().length);
        assertTrue(frame.spiked(0, 0));
        assertTrue(frame.spiked(0, 69));
        assertTrue(frame.spiked(1, 64));
        assertFalse(frame.spiked(1, 0));
        final float[] back = new float[dense.length];
        frame.copyTo(back);
        assertArrayEquals(dense, back);
    }

    @ParameterizedTest
    @MethodSource("everyFrameType")
    void shouldRejectEveryTruncationAsTruncated(final Frame frame)
    {
        final byte[] bytes = codec.encode(frame);
        for (int length = 1; length < bytes.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(bytes, length);
            final MalformedFrameException ex = assertThrows(
                MalformedFrameException.class, () -> codec.decode(truncated));
            assertEquals(MalformedFrameException.Reason.TRUNCATED, ex.reason(), ex.getMessage());
        }
        assertEquals(bytes.length - 1, codec.malformedFrames());
    }

    @Test
    void shouldRejectTrailingBytes()
    {
        final byte[] bytes = codec.encode(new CreditFrame(1, 2));
        final byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> codec.decode(longer));
        assertEquals(MalformedFrameException.Reason.TRAILING_BYTES, ex.reason());
        assertEquals(1, codec.malformedFrames());
    }

    @Test
    void shouldRejectOversizedBytesWithoutReadingThem()
    {
        final byte[] huge = new byte[codec.maxFrameBytes() + 1];

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> codec.decode(huge));
        assertEquals(MalformedFrameException.Reason.OVERSIZED, ex.reason());
        assertEquals(1, codec.malformedFrames());
    }

    @Test
    void shouldRefuseToEncodeFrameLargerThanMaximum()
    {
        final FrameCodec small = new FrameCodec(1024);
        final RateFrame big = new RateFrame(0, 0, 1, 1000, new float[1000]);

        assertThrows(IllegalArgumentException.class, () -> small.encode(big));
    }

    @Test
    void shouldRejectUnknownTypeId()
    {
        final byte[] bytes = codec.encode(new CreditFrame(1, 2));
        bytes[0] = 90; // a varint class id no frame is registered under

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> codec.decode(bytes));
        assertEquals(MalformedFrameException.Reason.UNKNOWN_TYPE, ex.reason(), ex.getMessage());
    }

    @Test
    void shouldRejectArrayLengthThatContradictsBatchAndWidth()
    {
        // A rate frame claiming batch 2 x width 3 but carrying 5 floats.
        final byte[] valid = codec.encode(new RateFrame(0, 0, 1, 5, new float[5]));
        final byte[] forged = valid.clone();
        // Layout after the class id varint: linkId, step, batchSize, width (one byte each here).
        forged[3] = 2;
        forged[4] = 3;

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> codec.decode(forged));
        assertEquals(MalformedFrameException.Reason.INCONSISTENT, ex.reason(), ex.getMessage());
    }

    @Test
    void shouldRejectHugeDeclaredArrayWithoutAllocatingIt()
    {
        final byte[] valid = codec.encode(new RateFrame(0, 0, 1, 1, new float[1]));
        // Replace the float count (1) with a 5-byte varint of ~2^31 - 1.
        final byte[] forged = new byte[valid.length + 4];
        System.arraycopy(valid, 0, forged, 0, 5);
        forged[5] = (byte)0xFF;
        forged[6] = (byte)0xFF;
        forged[7] = (byte)0xFF;
        forged[8] = (byte)0xFF;
        forged[9] = (byte)0x07;

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> codec.decode(forged));
        assertEquals(MalformedFrameException.Reason.TRUNCATED, ex.reason(), ex.getMessage());
    }

    @Test
    void shouldCountGarbageAndNeverThrowAnythingElse()
    {
        final SplittableRandom random = new SplittableRandom(42);
        int accepted = 0;
        final int tries = 20_000;
        for (int i = 0; i < tries; i++)
        {
            final byte[] garbage = new byte[1 + random.nextInt(64)];
            for (int j = 0; j < garbage.length; j++)
            {
                garbage[j] = (byte)random.nextInt(256);
            }
            try
            {
                codec.decode(garbage);
                accepted++;
            }
            catch (final MalformedFrameException expected)
            {
                // counted below
            }
        }
        assertEquals(tries - accepted, codec.malformedFrames());
        assertTrue(codec.malformedFrames() > tries * 9L / 10, "garbage mostly rejected: " + codec.malformedFrames());
    }

    @Test
    void shouldRejectEmptyInput()
    {
        final MalformedFrameException ex = assertThrows(MalformedFrameException.class,
            () -> codec.decode(new byte[0]));
        assertEquals(MalformedFrameException.Reason.TRUNCATED, ex.reason());
    }

    @Test
    void bulkFloatsKeepKryosWireLayout()
    {
        final float[] values = {0f, -0f, 1.5f, -3.25e-7f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 7e30f};
        final FloatArrays.FrameOutput bulk = new FloatArrays.FrameOutput(16, 1 << 10);
        bulk.writeFloatsLE(values, 0, values.length); // grows past its first 16 bytes
        final com.esotericsoftware.kryo.io.Output kryo = new com.esotericsoftware.kryo.io.Output(64, 1 << 10);
        kryo.writeFloats(values, 0, values.length);
        assertArrayEquals(kryo.toBytes(), bulk.toBytes(), "the same bytes as Kryo's writeFloats");

        final FloatArrays.FrameInput in = new FloatArrays.FrameInput();
        in.setBuffer(kryo.toBytes());
        assertArrayEquals(values, in.readFloatsLE(values.length), 0f);
        assertThrows(com.esotericsoftware.kryo.KryoException.class, () -> in.readFloatsLE(1), "past the end");
    }

    @Test
    void bulkFloatsFromAnOffsetAfterOtherBytesKeepEveryBitOfEveryFloat()
    {
        final float payloadNaN = Float.intBitsToFloat(0x7fc0_1234); // a NaN whose payload a canonical copy would lose
        final float[] values = {9f, 9f, payloadNaN, -0f, Float.MIN_VALUE, 1.25f, 9f};
        final FloatArrays.FrameOutput bulk = new FloatArrays.FrameOutput(8, 1 << 10);
        bulk.writeByte(42);
        bulk.writeFloatsLE(values, 2, 4); // the four floats from index 2, after one byte: unaligned
        final java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(1 + 4 * Float.BYTES)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        expected.put((byte)42);
        for (int i = 2; i < 6; i++)
        {
            expected.putInt(Float.floatToRawIntBits(values[i]));
        }
        assertArrayEquals(expected.array(), bulk.toBytes(), "4 little-endian bytes a float, raw bits");

        final FloatArrays.FrameInput in = new FloatArrays.FrameInput();
        in.setBuffer(bulk.toBytes());
        assertEquals(42, in.readByte());
        final float[] read = in.readFloatsLE(4);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(Float.floatToRawIntBits(values[i + 2]), Float.floatToRawIntBits(read[i]), "float " + i);
        }
        assertEquals(bulk.position(), in.position(), "the input ends where the output did");
    }
}
