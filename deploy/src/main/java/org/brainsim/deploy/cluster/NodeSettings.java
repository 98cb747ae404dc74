package org.brainsim.deploy.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How one cluster member is reached and what it does: its Akka Cluster address (Artery TCP, optionally TLS),
 * the seed nodes it joins, its roles, the Aeron UDP endpoint where its regions receive frames, and its data
 * directory. Read from a HOCON file ({@code node { … }}, see {@code deploy/cluster/node.conf}) and/or flags;
 * flags win.
 *
 * @param name        the node's name in placements and messages.
 * @param host        the address other members and Aeron peers use to reach this one.
 * @param port        Artery TCP port (0: any free one).
 * @param bindHost    the address to listen on (default: {@code host}; {@code 0.0.0.0} behind NAT).
 * @param seeds       seed nodes, {@code host:port} (empty: this node is the first seed).
 * @param roles       cluster roles ({@value #NODE_ROLE} takes regions; {@value #SUBMITTER_ROLE} submits).
 * @param aeron       Aeron UDP endpoint {@code host:port} where this JVM receives frames.
 * @param dataDir     scratch space for runs.
 * @param tls         TLS between members, or {@code null} for plain TCP.
 */
public record NodeSettings(
    String name, String host, int port, String bindHost, List<String> seeds, List<String> roles, String aeron,
    Path dataDir, Tls tls)
{
    /** Role of members that take regions. */
    public static final String NODE_ROLE = "node";
    /** Role of a member that submits a run (and runs its task and inputs). */
    public static final String SUBMITTER_ROLE = "submitter";
    /** Default Artery port. */
    public static final int DEFAULT_PORT = 25520;
    static final List<String> KEYS = List.of("name", "host", "port", "bind-host", "seed-nodes", "roles",
        "aeron-endpoint", "data-dir", "tls");
    static final List<String> TLS_KEYS = List.of("key-store", "key-store-password", "trust-store",
        "trust-store-password", "protocol");

    /**
     * Artery TLS: every member presents the key in {@code keyStore} and trusts those in {@code trustStore}
     * (PKCS12 or JKS); mutual authentication is on.
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword, String protocol)
    {
    }

    /** Something wrong in a node's settings: every problem, each naming where and what is allowed. */
    public static final class Invalid extends Exception
    {
        private final List<String> problems;

        Invalid(final List<String> problems)
        {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems()
        {
            return problems;
        }
    }

    /** Values given as flags ({@code null}: not given). */
    public record Flags(
        Path config, String name, String host, Integer port, String bindHost, List<String> seeds, List<String> roles,
        String aeron, Path dataDir)
    {
    }

    /**
     * Reads the file (if any), applies the flags, fills defaults and checks everything.
     *
     * @throws Invalid naming file, line and key of each problem and what is allowed.
     */
    public static NodeSettings resolve(final Flags flags) throws Invalid
    {
        final List<String> problems = new ArrayList<>();
        Config file = ConfigFactory.empty();
        final String fileName = flags.config() == null ? "(flags)" : flags.config().toString();
        if (flags.config() != null)
        {
            if (!Files.isRegularFile(flags.config()))
            {
                throw new Invalid(List.of(fileName + ": no such file"));
            }
            try
            {
                final Config parsed = ConfigFactory.parseFile(flags.config().toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
                onlyKeys(parsed.root(), "", List.of("node"), fileName, problems);
                file = parsed.hasPath("node") && parsed.getValue("node").valueType() == ConfigValueType.OBJECT ?
                    parsed.getConfig("node") : ConfigFactory.empty();
                if (parsed.hasPath("node") && parsed.getValue("node").valueType() != ConfigValueType.OBJECT)
                {
                    problems.add(where(fileName, parsed.getValue("node")) + "node: expected an object { … }");
                }
                onlyKeys(file.root(), "node.", KEYS, fileName, problems);
                if (file.hasPath("tls") && file.getValue("tls").valueType() == ConfigValueType.OBJECT)
                {
                    onlyKeys(file.getConfig("tls").root(), "node.tls.", TLS_KEYS, fileName, problems);
                }
            }
            catch (final ConfigException ex)
            {
                throw new Invalid(List.of(ex.getMessage()));
            }
        }
        final String host = flags.host() != null ? flags.host() : string(file, "host", "127.0.0.1", fileName, problems);
        final int port = flags.port() != null ? flags.port() :
            (int)integer(file, "port", DEFAULT_PORT, fileName, problems);
        if (port < 0 || port > 65535)
        {
            problems.add(source(file, "port", fileName) + "port: " + port + " (expected: 0..65535)");
        }
        checkHost(host, "host", source(file, "host", fileName), problems);
        final String bindHost = flags.bindHost() != null ? flags.bindHost() :
            string(file, "bind-host", host, fileName, problems);
        checkHost(bindHost, "bind-host", source(file, "bind-host", fileName), problems);
        final List<String> seeds = flags.seeds() != null && !flags.seeds().isEmpty() ? flags.seeds() :
            strings(file, "seed-nodes", fileName, problems);
        for (final String seed : seeds)
        {
            checkEndpoint(seed, "seed-nodes", source(file, "seed-nodes", fileName), problems);
        }
        final List<String> roles = new ArrayList<>(flags.roles() != null && !flags.roles().isEmpty() ? flags.roles() :
            strings(file, "roles", fileName, problems));
        if (roles.isEmpty())
        {
            roles.add(NODE_ROLE);
        }
        final String aeron = flags.aeron() != null ? flags.aeron() :
            string(file, "aeron-endpoint", host + ":" + (port == 0 ? 0 : port), fileName, problems);
        checkEndpoint(aeron, "aeron-endpoint", source(file, "aeron-endpoint", fileName), problems);
        if (aeron.endsWith(":0"))
        {
            problems.add(source(file, "aeron-endpoint", fileName) + "aeron-endpoint: '" + aeron + "' (peers must " +
                "know the port: give one, or a fixed --port, whose number is used for UDP too)");
        }
        final String name = flags.name() != null ? flags.name() :
            string(file, "name", host + ":" + port, fileName, problems);
        if (name.isBlank() || !name.matches("[A-Za-z0-9_.:-]+"))
        {
            problems.add(source(file, "name", fileName) + "name: '" + name + "' (allowed: letters, digits, _ . : -)");
        }
        final Path dataDir = flags.dataDir() != null ? flags.dataDir() : Path.of(string(file, "data-dir",
            Path.of(System.getProperty("user.home"), ".brainsim", "node-" + name.replace(':', '-')).toString(),
            fileName, problems));
        Tls tls = null;
        if (file.hasPath("tls"))
        {
            final Config t = file.getConfig("tls");
            final String ks = string(t, "key-store", null, fileName, problems);
            final String ts = string(t, "trust-store", ks, fileName, problems);
            if (ks == null)
            {
                problems.add(source(file, "tls", fileName) + "node.tls.key-store: missing (a PKCS12 or JKS file)");
            }
            else
            {
                for (final String store : List.of(ks, ts))
                {
                    if (!Files.isRegularFile(Path.of(store)))
                    {
                        problems.add(source(file, "tls", fileName) + "node.tls: " + store + ": no such file");
                    }
                }
                final String kp = string(t, "key-store-password", System.getenv().getOrDefault(
                    "BRAINSIM_TLS_PASSWORD", ""), fileName, problems);
                tls = new Tls(Path.of(ks), kp, Path.of(ts), string(t, "trust-store-password", kp, fileName, problems),
                    string(t, "protocol", "TLSv1.3", fileName, problems));
            }
        }
        if (!problems.isEmpty())
        {
            throw new Invalid(problems);
        }
        return new NodeSettings(name, host, port, bindHost, List.copyOf(seeds), List.copyOf(roles), aeron, dataDir, tls);
    }

    /** @return the Akka address of this member, {@code akka://brainsim@host:port}. */
    public String address()
    {
        return "akka://" + ClusterConfig.SYSTEM_NAME + "@" + host + ":" + port;
    }

    private static void checkHost(final String host, final String key, final String where, final List<String> problems)
    {
        if (host == null || host.isBlank() || host.contains(":") && !host.startsWith("["))
        {
            problems.add(where + key + ": '" + host + "' (expected: a host name or IPv4 address; IPv6 in [brackets])");
        }
    }

    public static void checkEndpoint(final String endpoint, final String key, final String where, final List<String> problems)
    {
        final int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
        boolean ok = colon > 0;
        if (ok)
        {
            try
            {
                final int p = Integer.parseInt(endpoint.substring(colon + 1));
                ok = p >= 0 && p <= 65535;
            }
            catch (final NumberFormatException ex)
            {
                ok = false;
            }
        }
        if (!ok)
        {
            problems.add(where + key + ": '" + endpoint + "' (expected: host:port with port 0..65535)");
        }
    }

    private static void onlyKeys(
        final ConfigObject object, final String prefix, final List<String> allowed, final String fileName,
        final List<String> problems)
    {
        for (final Map.Entry<String, ConfigValue> e : object.entrySet())
        {
            if (!allowed.contains(e.getKey()))
            {
                problems.add(where(fileName, e.getValue()) + prefix + e.getKey() + ": unknown key (allowed: " +
                    String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String where(final String fileName, final ConfigValue value)
    {
        return fileName + (value.origin().lineNumber() > 0 ? ":" + value.origin().lineNumber() : "") + ": ";
    }

    private static String source(final Config file, final String key, final String fileName)
    {
        return file.hasPath(key) ? where(fileName, file.getValue(key)) : fileName + ": ";
    }

    private static String string(
        final Config c, final String key, final String fallback, final String fileName, final List<String> problems)
    {
        if (!c.hasPath(key))
        {
            return fallback;
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER)
        {
            problems.add(where(fileName, v) + key + ": expected a string, got " + v.render());
            return fallback;
        }
        return String.valueOf(v.unwrapped());
    }

    private static long integer(
        final Config c, final String key, final long fallback, final String fileName, final List<String> problems)
    {
        if (!c.hasPath(key))
        {
            return fallback;
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long))
        {
            problems.add(where(fileName, v) + key + ": expected an integer, got " + v.render());
            return fallback;
        }
        return ((Number)v.unwrapped()).longValue();
    }

    private static List<String> strings(
        final Config c, final String key, final String fileName, final List<String> problems)
    {
        if (!c.hasPath(key))
        {
            return List.of();
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.LIST)
        {
            problems.add(where(fileName, v) + key + ": expected a list [ … ], got " + v.render());
            return List.of();
        }
        final List<String> out = new ArrayList<>();
        for (final Object o : c.getList(key).unwrapped())
        {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
