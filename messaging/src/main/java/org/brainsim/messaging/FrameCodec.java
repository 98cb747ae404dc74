package org.brainsim.messaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes frames to bytes and back with Kryo.
 *
 * <p>Wire layout: a varint type id, then the frame's fields. Every frame class is registered with a fixed id ({@link #FIRST_TYPE_ID} onwards, never reused) and
 * registration is required, so bytes can never make Kryo instantiate a class of their choosing. Each
 * frame has a hand-written serializer that writes varint header fields and raw primitive arrays, and
 * checks every declared length against the bytes that remain before it allocates.
 *
 * <p>Thread-safe: Kryo is not, so each thread gets its own Kryo, {@link Output} and {@link Input}. The
 * byte array returned by {@link #encodeToThreadBuffer(Frame)} belongs to the calling thread and is reused
 * by its next call.
 */
public final class FrameCodec
{
    /** Type ids of frame classes; fixed forever, append only. */
    public static final int FIRST_TYPE_ID = 100;
    /** Default largest frame, in bytes (16 MiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    private final int maxFrameBytes;
    private final AtomicLong malformedFrames = new AtomicLong();
    private final ThreadLocal<Kryo> kryos = ThreadLocal.withInitial(FrameCodec::newKryo);
    private final ThreadLocal<Output> outputs;
    private final ThreadLocal<Input> inputs = ThreadLocal.withInitial(FloatArrays.FrameInput::new);

    /**
     * @param maxFrameBytes largest encoded frame accepted in either direction, in bytes.
     */
    public FrameCodec(final int maxFrameBytes)
    {
        if (maxFrameBytes < 64)
        {
            throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: >= 64)");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.outputs = ThreadLocal.withInitial(() -> new FloatArrays.FrameOutput(4096, maxFrameBytes));
    }

    public FrameCodec()
    {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    /** @return the largest frame this codec encodes or decodes, in bytes. */
    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /** @return frames rejected by {@link #decode} since this codec was made. */
    public long malformedFrames()
    {
        return malformedFrames.get();
    }

    /**
     * Encodes into the calling thread's reusable buffer.
     *
     * @return the thread's output; its bytes are {@code buffer()[0, position())} until the next call.
     * @throws IllegalArgumentException when the frame would exceed {@link #maxFrameBytes()}.
     */
    public Output encodeToThreadBuffer(final Frame frame)
    {
        final Output output = outputs.get();
        output.reset();
        try
        {
            final Kryo kryo = kryos.get();
            output.writeVarInt(kryo.getRegistration(frame.getClass()).getId(), true);
            kryo.writeObject(output, frame);
        }
        catch (final KryoException ex)
        {
            throw new IllegalArgumentException(
                "frame: " + frame + " (expected: encoded size <= maxFrameBytes " + maxFrameBytes + ")", ex);
        }
        return output;
    }

    /**
     * @return a new array holding the encoded frame.
     */
    public byte[] encode(final Frame frame)
    {
        return encodeToThreadBuffer(frame).toBytes();
    }

    public Frame decode(final byte[] bytes) throws MalformedFrameException
    {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes one frame that occupies exactly {@code bytes[offset, offset + length)}.
     *
     * @throws MalformedFrameException (and counts it) when the bytes are not exactly one valid frame.
     */
    public Frame decode(final byte[] bytes, final int offset, final int length) throws MalformedFrameException
    {
        try
        {
            return decodeOrThrow(bytes, offset, length);
        }
        catch (final MalformedFrameException ex)
        {
            malformedFrames.incrementAndGet();
            throw ex;
        }
    }

    private Frame decodeOrThrow(final byte[] bytes, final int offset, final int length)
        throws MalformedFrameException
    {
        if (length > maxFrameBytes)
        {
            throw new MalformedFrameException(
                MalformedFrameException.Reason.OVERSIZED, length + " bytes (maximum " + maxFrameBytes + ")");
        }
        if (length <= 0)
        {
            throw new MalformedFrameException(MalformedFrameException.Reason.TRUNCATED, "empty frame");
        }
        final Input input = inputs.get();
        input.setBuffer(bytes, offset, length);
        final Object decoded;
        final int consumed;
        try
        {
            // Our own type id, looked up among registrations: never Kryo's class-by-name path, which
            // would load whatever class the bytes name.
            final Kryo kryo = kryos.get();
            final int typeId = input.readVarInt(true);
            final Registration registration = typeId >= FIRST_TYPE_ID ? kryo.getRegistration(typeId) : null;
            if (registration == null || !Frame.class.isAssignableFrom(registration.getType()))
            {
                throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, "type id " + typeId);
            }
            decoded = kryo.readObject(input, registration.getType());
            consumed = input.position() - offset;
        }
        catch (final KryoException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            if (message.contains("unregistered class"))
            {
                throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, message);
            }
            if (message.contains("underflow"))
            {
                throw new MalformedFrameException(MalformedFrameException.Reason.TRUNCATED, message);
            }
            throw new MalformedFrameException(MalformedFrameException.Reason.INCONSISTENT, message);
        }
        catch (final FrameSerializers.TruncatedException ex)
        {
            throw new MalformedFrameException(MalformedFrameException.Reason.TRUNCATED, ex.getMessage());
        }
        catch (final IllegalArgumentException | NegativeArraySizeException ex)
        {
            throw new MalformedFrameException(MalformedFrameException.Reason.INCONSISTENT, ex.getMessage());
        }
        finally
        {
            input.setBuffer(EMPTY);
        }
        if (!(decoded instanceof Frame frame))
        {
            throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE,
                "decoded " + (decoded == null ? "null" : decoded.getClass().getSimpleName()) + ", not a frame");
        }
        if (consumed != length)
        {
            throw new MalformedFrameException(MalformedFrameException.Reason.TRAILING_BYTES,
                (length - consumed) + " bytes after a complete " + frame.getClass().getSimpleName());
        }
        return frame;
    }

    private static final byte[] EMPTY = new byte[0];

    private static Kryo newKryo()
    {
        final Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        int id = FIRST_TYPE_ID;
        // Append only: an id, once shipped, means this class forever.
        register(kryo, SpikeFrame.class, FrameSerializers.SPIKE, id++);
        register(kryo, RateFrame.class, FrameSerializers.RATE, id++);
        register(kryo, ErrorFrame.class, FrameSerializers.ERROR, id++);
        register(kryo, ModulatorFrame.class, FrameSerializers.MODULATOR, id++);
        register(kryo, ObservationFrame.class, FrameSerializers.OBSERVATION, id++);
        register(kryo, RewardFrame.class, FrameSerializers.REWARD, id++);
        register(kryo, ActionFrame.class, FrameSerializers.ACTION, id++);
        register(kryo, CreditFrame.class, FrameSerializers.CREDIT, id++);
        register(kryo, ActionValuesFrame.class, FrameSerializers.ACTION_VALUES, id);
        return kryo;
    }

    private static <T> void register(final Kryo kryo, final Class<T> type, final Serializer<T> serializer, final int id)
    {
        final Registration registration = kryo.register(type, serializer, id);
        if (registration.getId() != id)
        {
            throw new IllegalStateException("kryo id for " + type.getSimpleName() + ": " + registration.getId() +
                " (expected: " + id + ")");
        }
    }
}
