package org.brainsim.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Versions of brainsim and the libraries a run depends on, as built (for manifests and {@code --version}).
 */
public final class Versions
{
    private static final Map<String, String> VERSIONS = load();

    private Versions()
    {
    }

    private static Map<String, String> load()
    {
        final Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties"))
        {
            if (in != null)
            {
                properties.load(in);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String key : new String[] {"brainsim", "akka", "aeron", "kryo", "nd4j"})
        {
            out.put(key, properties.getProperty(key, "unknown"));
        }
        out.put("java", System.getProperty("java.version"));
        return out;
    }

    /** @return component → version, brainsim first. */
    public static Map<String, String> all()
    {
        return VERSIONS;
    }

    /** @return brainsim's own version. */
    public static String brainsim()
    {
        return VERSIONS.get("brainsim");
    }
}
