package org.brainsim.scenarios.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code brainsim analyze two-step RUN_DIR --fit hybrid}: {@link HybridFit} of Daw et al. 2011's 7-parameter hybrid
 * model to a run's two-step choices, written as {@code two-step-fit.json} (or {@code two-step-PHASE-fit.json}): one
 * parameter set fitted to every agent (batch row) together, with standard errors from the Hessian; each agent's own
 * fit; and the mean of the agents' estimates with its standard error over agents. It reads, from {@code task/}, as
 * {@link TwoStepReport} does, {@code choice}, {@code second} (the second-stage choice), {@code common} and
 * {@code rewarded} (or {@code reward}); the state reached is the choice's common state (choice a leads to state a)
 * or the other one. The common transition's probability is the task variant's (manifest {@code task.params.variant}:
 * wang 0.8, otherwise Daw's 0.7). With a phase, its trials are fitted as one sequence per agent: the model's values
 * carry over the trials left out (the stay analysis, which looks at pairs, cuts them there instead).
 */
public final class HybridFitReport
{
    /** Starts of the optimiser per fit. */
    public static final int STARTS = 8;

    private HybridFitReport()
    {
    }

    /** @return the file written. */
    public static Path write(final Path dir, final String phase) throws IOException
    {
        final boolean[] keep = phase == null ? null : TwoStepReport.phaseTrials(dir, phase);
        final double[][] choice = TwoStepReport.read(dir, "choice", keep);
        final double[][] second = TwoStepReport.read(dir, "second", keep);
        final double[][] common = TwoStepReport.read(dir, "common", keep);
        final String rewards = Files.isRegularFile(dir.resolve("task/rewarded.npy")) ? "rewarded" : "reward";
        final double[][] reward = TwoStepReport.read(dir, rewards, keep);
        if (second.length != choice.length || common.length != choice.length || reward.length != choice.length)
        {
            throw new TwoStepReport.MissingArrays("task/choice.npy, second.npy, common.npy and " + rewards +
                ".npy have different numbers of rows: " + choice.length + ", " + second.length + ", " + common.length +
                ", " + reward.length);
        }
        final List<HybridModel.Choices> agents = new ArrayList<>();
        for (int row = 0; row < choice.length; row++)
        {
            final int n = choice[row].length;
            if (second[row].length != n || common[row].length != n || reward[row].length != n)
            {
                throw new TwoStepReport.MissingArrays("task/choice.npy, second.npy, common.npy and " + rewards +
                    ".npy have different shapes");
            }
            final int[] a1 = new int[n];
            final int[] s = new int[n];
            final int[] a2 = new int[n];
            final double[] r = new double[n];
            for (int t = 0; t < n; t++)
            {
                a1[t] = binary(choice[row][t], "choice", row, t);
                a2[t] = binary(second[row][t], "second", row, t);
                final boolean c = binary(common[row][t], "common", row, t) == 1;
                s[t] = c ? a1[t] : 1 - a1[t];
                if (!Double.isFinite(reward[row][t]))
                {
                    throw new TwoStepReport.MissingArrays("task/" + rewards + ".npy: " + reward[row][t] + " at trial " +
                        t + ", row " + row + " (expected: a finite reward)");
                }
                r[t] = reward[row][t];
            }
            agents.add(new HybridModel.Choices(a1, s, a2, r));
        }
        final double pCommon = commonProbability(dir);
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("model", "hybrid (Daw et al. 2011): alpha1, alpha2, lambda, beta1, beta2, p, w");
        root.put("common", pCommon);
        root.put("starts", STARTS);
        if (phase != null)
        {
            root.put("phase", phase);
        }
        root.set("pooled", json(mapper, HybridFit.fit(agents, pCommon, STARTS)));
        final ArrayNode each = root.putArray("agents");
        final double[][] estimates = new double[agents.size()][];
        for (int row = 0; row < agents.size(); row++)
        {
            final HybridFit.Result fit = HybridFit.fit(List.of(agents.get(row)), pCommon, STARTS);
            estimates[row] = fit.estimate();
            each.add(json(mapper, fit).put("row", row));
        }
        final ObjectNode mean = root.putObject("agent_mean");
        for (int i = 0; i < HybridModel.PARAMETERS.size(); i++)
        {
            double sum = 0;
            for (final double[] e : estimates)
            {
                sum += e[i];
            }
            final double m = sum / estimates.length;
            double ss = 0;
            for (final double[] e : estimates)
            {
                ss += (e[i] - m) * (e[i] - m);
            }
            final double sd = estimates.length > 1 ? Math.sqrt(ss / (estimates.length - 1)) : Double.NaN;
            mean.putObject(HybridModel.PARAMETERS.get(i)).put("mean", m).put("sd", sd)
                .put("se", sd / Math.sqrt(estimates.length));
        }
        final Path out = dir.resolve(phase == null ? "two-step-fit.json" : "two-step-" + phase + "-fit.json");
        Files.writeString(out, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return out;
    }

    private static ObjectNode json(final ObjectMapper mapper, final HybridFit.Result fit)
    {
        final ObjectNode node = mapper.createObjectNode();
        node.put("log_likelihood", fit.logLikelihood()).put("trials", fit.trials()).put("bic", fit.bic());
        final ObjectNode parameters = node.putObject("parameters");
        for (final String name : HybridModel.PARAMETERS)
        {
            parameters.putObject(name).put("estimate", fit.get(name)).put("se", fit.se(name));
        }
        return node;
    }

    private static int binary(final double value, final String array, final int row, final int t)
        throws TwoStepReport.MissingArrays
    {
        if (value != 0 && value != 1)
        {
            throw new TwoStepReport.MissingArrays("task/" + array + ".npy: " + value + " at trial " + t + ", row " + row +
                " (expected: 0 or 1)");
        }
        return (int)value;
    }

    private static double commonProbability(final Path dir) throws IOException
    {
        final Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest))
        {
            return TwoStepProcess.Variant.DAW_2011.common();
        }
        final String variant = new ObjectMapper().readTree(manifest.toFile()).path("task").path("params")
            .path("variant").asText("daw");
        return variant.equalsIgnoreCase("wang") ? TwoStepProcess.Variant.WANG_2018.common() :
            TwoStepProcess.Variant.DAW_2011.common();
    }
}
