package org.brainsim.deploy;

import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.scenarios.gradients.GradientReport;
import org.brainsim.scenarios.gradients.GradientRule;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code brainsim gradients}: each rule's gradient for one trial, with BPTT as reference.
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
    description = {"Compute each learning rule's gradient for one trial of one network at its initial weights.",
        "Writes inputs, targets, weights, feedback and gradients as .npy, manifest.json (every equation parameter) " +
            "and alignment.json (cosine of each rule's gradient with BPTT's) into --out."})
final class GradientsCommand implements Callable<Integer>
{
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "lif, alif or rate.")
    String model;

    @Option(names = "--rules", split = ",", paramLabel = "RULE",
        description = "Comma-separated: bptt, truncated-bptt:K, eprop-symmetric, eprop-random, eprop-adaptive, " +
            "rflo-symmetric, rflo-random, rtrl, readout-only, node-perturbation (default: bptt,eprop-symmetric," +
            "eprop-random).")
    List<String> rules = List.of("bptt", "eprop-symmetric", "eprop-random");

    @Option(names = "--size", paramLabel = "N", description = "Recurrent units (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Option(names = "--inputs-n", paramLabel = "N", description = "Input units of the built-in task (default: ${DEFAULT-VALUE}).")
    int nIn = 100;

    @Option(names = "--steps", paramLabel = "T", description = "Trial length in steps (default: ${DEFAULT-VALUE}).")
    int steps = 1000;

    @Option(names = "--batch", paramLabel = "B", description = "Batch rows (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--precision", paramLabel = "P", description = "double or float (default: ${DEFAULT-VALUE}).")
    String precision = "double";

    @Option(names = "--inputs", paramLabel = "X.npy", description = "Supplied inputs, batch x time x n_in.")
    Path inputs;

    @Option(names = "--targets", paramLabel = "Y.npy", description = "Supplied targets, batch x time x n_out.")
    Path targets;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final RegionModel kind = Models.REGISTRY.find(model).orElse(null);
        String problem = null;
        if (kind == null)
        {
            problem = "--model: " + model + " (allowed: " + String.join(", ", Models.REGISTRY.names()) + ")";
        }
        else if (size < 1 || nIn < 1 || steps < 1 || batch < 1)
        {
            problem = "--size, --inputs-n, --steps, --batch must be >= 1";
        }
        else if (!precision.equals("double") && !precision.equals("float"))
        {
            problem = "--precision: " + precision + " (allowed: double, float)";
        }
        else if ((inputs == null) != (targets == null))
        {
            problem = "--inputs and --targets go together";
        }
        else
        {
            for (final String r : rules)
            {
                try
                {
                    GradientRule.parse(r, kind);
                }
                catch (final IllegalArgumentException ex)
                {
                    problem = "--rules: " + ex.getMessage();
                }
            }
        }
        if (problem != null)
        {
            err.println("brainsim gradients: " + problem);
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        Files.createDirectories(out);
        final Map<String, Double> alignment;
        try
        {
            alignment = GradientReport.write(new GradientReport.Request(kind, rules, size, nIn, steps, batch, seed,
                precision.equals("double") ? DataType.DOUBLE : DataType.FLOAT, inputs, targets), out);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("brainsim gradients: " + ex.getMessage());
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        final PrintWriter o = spec.commandLine().getOut();
        o.println("cosine with the BPTT gradient (input and recurrent weights):");
        alignment.forEach((rule, cosine) -> o.printf("  %-20s %s%n", rule,
            Double.isFinite(cosine) ? String.format("%8.4f", cosine) : "     n/a (no input or recurrent gradient)"));
        o.println("arrays, manifest.json and alignment.json in " + out);
        o.flush();
        return 0;
    }
}
