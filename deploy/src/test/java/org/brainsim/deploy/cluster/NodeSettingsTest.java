package org.brainsim.deploy.cluster;

import org.brainsim.deploy.testing.Cli;
import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeSettingsTest
{
    @TempDir
    Path dir;

    private static NodeSettings.Flags flags(final Path config)
    {
        return new NodeSettings.Flags(config, null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldReadTheTemplateAndLetFlagsWin() throws Exception
    {
        final Path template = Path.of("cluster", "node.conf");
        final NodeSettings s = NodeSettings.resolve(flags(template));
        assertEquals("node-1", s.name());
        assertEquals("10.0.0.11", s.host());
        assertEquals(25520, s.port());
        assertEquals(List.of("10.0.0.11:25520"), s.seeds());
        assertEquals("10.0.0.11:25520", s.aeron());
        final NodeSettings f = NodeSettings.resolve(new NodeSettings.Flags(template, "n9", "10.0.0.19", 25600, null,
            List.of("10.0.0.11:25520"), null, null, null));
        assertEquals("n9", f.name());
        assertEquals("10.0.0.11:25520", f.aeron(), "the file's aeron-endpoint stays unless --aeron is given");
        assertEquals(25600, f.port());
    }

    @Test
    void shouldDefaultTheAeronEndpointToTheSameHostAndPort() throws Exception
    {
        final NodeSettings s = NodeSettings.resolve(new NodeSettings.Flags(null, null, "10.1.2.3", 26000, null, null,
            null, null, dir));
        assertEquals("10.1.2.3:26000", s.aeron());
        assertEquals("10.1.2.3:26000", s.name());
        assertEquals(List.of(NodeSettings.NODE_ROLE), s.roles());
        assertEquals("akka://brainsim@10.1.2.3:26000", s.address());
    }

    @Test
    void shouldNameFileLineAndKeyOfEveryMistake() throws Exception
    {
        final Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "node {\n  name = ok\n  port = 70000\n  colour = blue\n  seed-nodes = [\"nohost\"]\n}\n");
        final NodeSettings.Invalid ex = assertThrows(NodeSettings.Invalid.class, () -> NodeSettings.resolve(flags(conf)));
        final String all = String.join("\n", ex.problems());
        assertTrue(all.contains(conf + ":3: port: 70000 (expected: 0..65535)"), all);
        assertTrue(all.contains(conf + ":4: node.colour: unknown key (allowed: aeron-endpoint, bind-host, data-dir"),
            all);
        assertTrue(all.contains(conf + ":5: seed-nodes: 'nohost' (expected: host:port"), all);
    }

    @Test
    void shouldRefuseAnAeronEndpointWithoutAPort() throws Exception
    {
        final NodeSettings.Invalid ex = assertThrows(NodeSettings.Invalid.class, () -> NodeSettings.resolve(
            new NodeSettings.Flags(null, "a", "127.0.0.1", 0, null, null, null, null, dir)));
        assertTrue(ex.getMessage().contains("aeron-endpoint: '127.0.0.1:0'"), ex.getMessage());
    }

    @Test
    void shouldExitWithCodeTwoOnBadNodeFlags()
    {
        final Cli.Result r = brainsim("node", "--port", "99999", "--data-dir", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("port: 99999 (expected: 0..65535)"), r.err());
    }

    @Test
    void shouldConfigureArteryTlsAndTheSplitBrainResolver() throws Exception
    {
        final Path store = dir.resolve("ks.p12");
        Files.writeString(store, "not really a key store: only the path is read here");
        final Path conf = dir.resolve("tls.conf");
        Files.writeString(conf, "node { host = \"10.0.0.5\", tls { key-store = \"" + store + "\", " +
            "key-store-password = secret } }\n");
        final NodeSettings s = NodeSettings.resolve(flags(conf));
        final Config c = ClusterConfig.of(s, true);
        assertEquals("tls-tcp", c.getString("akka.remote.artery.transport"));
        assertEquals(store.toString(), c.getString("akka.remote.artery.ssl.config-ssl-engine.trust-store"));
        assertTrue(c.getBoolean("akka.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
        assertEquals("akka.cluster.sbr.SplitBrainResolverProvider", c.getString("akka.cluster.downing-provider-class"));
        assertEquals("keep-majority", c.getString("akka.cluster.split-brain-resolver.active-strategy"));
        assertEquals(List.of("akka://brainsim@10.0.0.5:25520"), c.getStringList("akka.cluster.seed-nodes"));
    }
}
