package org.brainsim.deploy.cluster;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializerWithStringManifest;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * Encodes {@link ClusterMessage}s with Kryo, every class registered ({@code setRegistrationRequired(true)}):
 * a peer can never make this JVM instantiate a class outside this list. Actor references travel as their
 * serialised path ({@link ActorRefResolver}).
 */
public final class ClusterSerializer extends SerializerWithStringManifest
{
    /** Akka serializer id (user range is above 40). */
    public static final int IDENTIFIER = 7_361_101;

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;
    private final Pool<Kryo> kryos = new Pool<>(true, false, 16)
    {
        @Override
        protected Kryo create()
        {
            return newKryo();
        }
    };

    public ClusterSerializer(final ExtendedActorSystem system)
    {
        this.system = system;
    }

    private ActorRefResolver resolver()
    {
        ActorRefResolver r = resolver;
        if (r == null)
        {
            r = ActorRefResolver.get(Adapter.toTyped(system));
            resolver = r;
        }
        return r;
    }

    private Kryo newKryo()
    {
        final Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.addDefaultSerializer(ActorRef.class, new Serializer<ActorRef<?>>()
        {
            @Override
            public void write(final Kryo k, final Output output, final ActorRef<?> ref)
            {
                output.writeString(resolver().toSerializationFormat(ref));
            }

            @Override
            public ActorRef<?> read(final Kryo k, final Input input, final Class<? extends ActorRef<?>> type)
            {
                return resolver().resolveActorRef(input.readString());
            }
        });
        try
        {
            kryo.register(Class.forName("akka.actor.typed.internal.adapter.ActorRefAdapter"), 9);
            kryo.register(Class.forName("akka.actor.typed.internal.adapter.ActorSystemAdapter"), 10);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("Akka's typed actor reference class is missing", ex);
        }
        int id = 11;
        for (final Class<?> c : new Class<?>[] {ArrayList.class, HashMap.class, LinkedHashMap.class, long[].class,
            float[].class, long[][].class, float[][].class, Protocol.RunRequest.class, Protocol.Register.class,
            Protocol.ListNodes.class, Protocol.Nodes.class, Protocol.Submit.class, Protocol.Host.class,
            Protocol.Stop.class, Protocol.Placed.class, Protocol.Rejected.class, Protocol.Steps.class,
            Protocol.Trial.class, Protocol.PartFinished.class, double[].class, int[].class, Protocol.Lesion.class,
            String[].class, Protocol.Change.class, Protocol.Status.class, Protocol.Request.class,
            Protocol.Pause.class})
        {
            kryo.register(c, id++);
        }
        return kryo;
    }

    @Override
    public int identifier()
    {
        return IDENTIFIER;
    }

    @Override
    public String manifest(final Object o)
    {
        return "";
    }

    @Override
    public byte[] toBinary(final Object o)
    {
        final Kryo kryo = kryos.obtain();
        try
        {
            final Output output = new Output(4096, -1);
            kryo.writeClassAndObject(output, o);
            return output.toBytes();
        }
        finally
        {
            kryos.free(kryo);
        }
    }

    @Override
    public Object fromBinary(final byte[] bytes, final String manifest)
    {
        final Kryo kryo = kryos.obtain();
        try
        {
            return kryo.readClassAndObject(new Input(bytes));
        }
        finally
        {
            kryos.free(kryo);
        }
    }
}
