package org.brainsim.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code brainsim monitor HOST:PORT}: a run's regions and the run itself, read over remote JMX from a JVM started with
 * {@code --jmx-port}. For a cluster run, the submitter's port shows every node's regions (it mirrors them).
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Watch a running brainsim over JMX: one line per region, the run's status and ETA.",
        "HOST:PORT is a `brainsim run --jmx-port` (for a cluster run, the submitter's: it shows every node's " +
            "regions) or a `brainsim node --jmx-port`.",
        "While it watches, type a command and Enter: `p` pauses or resumes the run, `f REGION` toggles the region's " +
            "plasticity (0 <-> 1; logged in the run's events.jsonl), `q` quits."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the run ended, or q", "1:could not connect, or the connection was lost", "2:bad input"})
final class MonitorCommand implements Callable<Integer>
{
    private static final String[] REGION_ATTRIBUTES = {"Step", "StepsPerSecond", "Trial", "Phase", "Loss", "LossMean",
        "MeanActivity", "Plasticity", "LearningRate", "LesionedUnits", "InboundFramesWaiting", "RejectedFrames",
        "StepTimeP50Micros", "StepTimeP99Micros", "StepTimeMaxMicros", "RateHz", "Reward"};
    private static final String[] RUN_ATTRIBUTES = {"Scenario", "Directory", "Status", "Step", "StepsPerSecond",
        "Trials", "TrialsPlanned", "Phase", "ElapsedSeconds", "EtaSeconds", "SlowestRegion"};

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "Where the JVM serves JMX (--jmx-port).")
    String address;

    @Option(names = "--once", description = "Print once and exit.")
    boolean once;

    @Option(names = "--json", description = "Print JSON (one object per refresh) instead of a table.")
    boolean json;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Refresh period (default: 1).")
    double interval = 1;

    @Option(names = "--user", paramLabel = "USER", description = "Log in as USER (a --jmx-password-file user); the " +
        "password is read from the environment variable BRAINSIM_JMX_PASSWORD.")
    String user;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final int colon = address.lastIndexOf(':');
        int port = -1;
        try
        {
            port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        if (port < 1 || port > 65535 || !(interval > 0))
        {
            err.println("brainsim monitor: " + (port < 1 || port > 65535 ? address + " (expected: HOST:PORT, the " +
                "--jmx-port of a brainsim run or node)" : "--interval: " + interval + " (expected: > 0)"));
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        final Map<String, Object> env = new LinkedHashMap<>();
        if (user != null)
        {
            final String password = System.getenv("BRAINSIM_JMX_PASSWORD");
            env.put(JMXConnector.CREDENTIALS, new String[] {user, password == null ? "" : password});
        }
        final JMXConnector connector;
        try
        {
            connector = JMXConnectorFactory.connect(JmxOptions.url(address.substring(0, colon), port), env);
        }
        catch (final IOException | SecurityException ex)
        {
            err.println("brainsim monitor: cannot connect to " + address + ": " + ex.getMessage());
            err.flush();
            return BrainsimCli.EXIT_RUNTIME_FAILURE;
        }
        try (JMXConnector jmx = connector)
        {
            return watch(jmx.getMBeanServerConnection(), out, err);
        }
    }

    private int watch(final MBeanServerConnection server, final PrintWriter out, final PrintWriter err)
        throws InterruptedException, JMException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final BufferedReader keys = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean sawRun = false;
        while (true)
        {
            final Map<String, Object> view;
            try
            {
                view = view(server);
            }
            catch (final IOException ex)
            {
                if (sawRun)
                {
                    return 0; // the run's JVM exited with the run
                }
                err.println("brainsim monitor: lost the connection: " + ex.getMessage());
                err.flush();
                return BrainsimCli.EXIT_RUNTIME_FAILURE;
            }
            sawRun |= !((List<?>)view.get("runs")).isEmpty();
            if (json)
            {
                try
                {
                    out.println(mapper.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
            else
            {
                if (!once)
                {
                    out.print("\033[H\033[2J"); // clear the terminal
                }
                out.print(table(view));
            }
            out.flush();
            if (once)
            {
                return 0;
            }
            final long until = System.nanoTime() + (long)(interval * 1e9);
            while (System.nanoTime() < until)
            {
                if (readCommand(keys, server, err))
                {
                    return 0;
                }
                Thread.sleep(50);
            }
        }
    }

    /** @return whether to quit; runs a typed command ({@code p}, {@code f REGION}, {@code q}) when a line is there. */
    private static boolean readCommand(final BufferedReader keys, final MBeanServerConnection server,
                                       final PrintWriter err)
    {
        try
        {
            if (!keys.ready())
            {
                return false;
            }
            final String line = keys.readLine();
            if (line == null)
            {
                return false;
            }
            final String[] words = line.trim().split("\\s+");
            if ("q".equals(words[0]))
            {
                return true;
            }
            if ("p".equals(words[0]))
            {
                for (final ObjectName run : server.queryNames(new ObjectName("org.brainsim:type=Run,*"), null))
                {
                    server.invoke(run, (boolean)server.getAttribute(run, "Paused") ? "resume" : "pause",
                        new Object[0], new String[0]);
                }
            }
            else if ("f".equals(words[0]) && words.length == 2)
            {
                final ObjectName name = new ObjectName("org.brainsim:type=Region,name=" + words[1]);
                final double gate = (double)server.getAttribute(name, "Plasticity");
                server.setAttribute(name, new Attribute("Plasticity", gate > 0 ? 0.0 : 1.0));
            }
            else if (!words[0].isEmpty())
            {
                err.println("brainsim monitor: " + line + " (commands: p, f REGION, q)");
                err.flush();
            }
        }
        catch (final IOException | JMException | RuntimeException ex)
        {
            err.println("brainsim monitor: " + ex.getMessage());
            err.flush();
        }
        return false;
    }

    /** @return {@code runs} (each run's figures) and {@code regions} (each node's), as read now. */
    static Map<String, Object> view(final MBeanServerConnection server) throws IOException, JMException
    {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("runs", beans(server, "org.brainsim:type=Run,*", RUN_ATTRIBUTES));
        final List<Map<String, Object>> nodes = beans(server, "org.brainsim:type=Region,*", REGION_ATTRIBUTES);
        nodes.addAll(beans(server, "org.brainsim:type=Input,*", REGION_ATTRIBUTES));
        nodes.addAll(beans(server, "org.brainsim:type=Task,*", REGION_ATTRIBUTES));
        view.put("regions", nodes);
        return view;
    }

    private static List<Map<String, Object>> beans(final MBeanServerConnection server, final String pattern,
                                                   final String[] attributes) throws IOException, JMException
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final ObjectName name : new TreeSet<>(server.queryNames(new ObjectName(pattern), null)))
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            final String key = name.getKeyProperty("name");
            row.put("name", key.startsWith("\"") ? ObjectName.unquote(key) : key);
            row.put("type", name.getKeyProperty("type"));
            try
            {
                for (final Attribute a : server.getAttributes(name, attributes).asList())
                {
                    row.put(snake(a.getName()), a.getValue() instanceof Double d && !Double.isFinite(d) ? null :
                        a.getValue());
                }
            }
            catch (final javax.management.InstanceNotFoundException gone)
            {
                continue; // the node stopped between the query and the read
            }
            rows.add(row);
        }
        return rows;
    }

    private static String table(final Map<String, Object> view)
    {
        final StringBuilder b = new StringBuilder();
        for (final Object o : (List<?>)view.get("runs"))
        {
            final Map<?, ?> r = (Map<?, ?>)o;
            b.append(String.format(Locale.ROOT, "run %s (%s): %s, step %s, %s steps/s, trials %s/%s, phase %s, " +
                    "elapsed %s s, ETA %s s, slowest %s%n", r.get("scenario"), r.get("directory"), r.get("status"),
                r.get("step"), num(r.get("steps_per_second")), r.get("trials"), r.get("trials_planned"),
                r.get("phase"), num(r.get("elapsed_seconds")), num(r.get("eta_seconds")), r.get("slowest_region")));
        }
        b.append(String.format(Locale.ROOT, "%-16s %-6s %9s %9s %8s %6s %10s %10s %8s %9s %7s %9s %7s %7s%n", "node",
            "type", "step", "steps/s", "p99 us", "trial", "loss", "loss mean", "reward", "activity", "plast.", "lr",
            "lesion", "waiting"));
        for (final Object o : (List<?>)view.get("regions"))
        {
            final Map<?, ?> r = (Map<?, ?>)o;
            b.append(String.format(Locale.ROOT, "%-16s %-6s %9s %9s %8s %6s %10s %10s %8s %9s %7s %9s %7s %7s%n",
                r.get("name"), r.get("type"), r.get("step"), num(r.get("steps_per_second")),
                num(r.get("step_time_p99_micros")), r.get("trial"),
                num(r.get("loss")), num(r.get("loss_mean")), num(r.get("reward")), r.get("rate_hz") instanceof Double hz ?
                    num(hz) + " Hz" : num(r.get("mean_activity")), num(r.get("plasticity")),
                num(r.get("learning_rate")), num(r.get("lesioned_units")), r.get("inbound_frames_waiting")));
        }
        return b.toString();
    }

    private static String num(final Object v)
    {
        return v instanceof Double d ? String.format(Locale.ROOT, Math.abs(d) >= 1e4 || Math.abs(d) < 1e-3 && d != 0 ?
            "%.3g" : "%.4g", d) : "-";
    }

    /** @return {@code StepsPerSecond} as {@code steps_per_second}. */
    static String snake(final String attribute)
    {
        return attribute.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
