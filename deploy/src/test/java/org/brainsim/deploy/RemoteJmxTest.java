package org.brainsim.deploy;

import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --jmx-port}: a taken port is refused with exit code 2; a password file keeps out who has no password. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RemoteJmxTest
{
    @TempDir
    Path dir;

    @Test
    void aTakenPortIsRefusedWithExitCode2() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            final Path out = dir.resolve("run");
            final Cli.Result r = brainsim("run", Cli.scenario("hello.conf"), "--steps", "10", "--out", out.toString(),
                "--quiet", "--jmx-port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--jmx-port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1:" +
                taken.getLocalPort()), r.err());
            assertTrue(!Files.exists(out.resolve("manifest.json")), "nothing ran");
        }
        final Cli.Result alone = brainsim("run", Cli.scenario("hello.conf"), "--steps", "10", "--out",
            dir.resolve("other").toString(), "--jmx-host", "0.0.0.0");
        assertEquals(2, alone.exitCode(), alone.err());
        assertTrue(alone.err().contains("--jmx-host and --jmx-password-file need --jmx-port"), alone.err());
    }

    @Test
    void aPasswordFileKeepsOutWhoHasNoPassword() throws Exception
    {
        final Path passwords = dir.resolve("jmx.password");
        Files.writeString(passwords, "operator s3cret\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Process run = Cli.spawn(dir.resolve("run.log"), List.of(), "run", Cli.scenario("hello.conf"), "--steps",
            "5000000", "--out", dir.resolve("run").toString(), "--quiet", "--jmx-port", String.valueOf(port),
            "--jmx-password-file", passwords.toString());
        try
        {
            final ObjectName v1 = new ObjectName("org.brainsim:type=Region,name=v1");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            JMXConnector logged = null;
            while (logged == null)
            {
                try
                {
                    logged = JMXConnectorFactory.connect(JmxOptions.url("127.0.0.1", port),
                        Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", "s3cret"}));
                }
                catch (final IOException notYet)
                {
                    assertTrue(run.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("run.log")));
                    Thread.sleep(200);
                }
            }
            try (JMXConnector jmx = logged)
            {
                while (!jmx.getMBeanServerConnection().isRegistered(v1))
                {
                    assertTrue(run.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("run.log")));
                    Thread.sleep(100);
                }
                assertTrue((long)jmx.getMBeanServerConnection().getAttribute(v1, "Step") >= 0);
            }
            assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(JmxOptions.url("127.0.0.1", port)),
                "no credentials");
            assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(JmxOptions.url("127.0.0.1", port),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", "guess"})), "a wrong password");
        }
        finally
        {
            run.destroyForcibly().waitFor();
        }
    }
}
