package org.brainsim.scenarios.gradients;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.TrialLoss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.SpikingModel;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.optim.Sgd;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.Gradients;
import org.brainsim.regions.rules.LearningRule;
import org.brainsim.scenarios.tasks.PatternGeneration;
import org.brainsim.scenarios.Versions;
import org.brainsim.scenarios.record.NpyFiles;
import org.brainsim.scenarios.record.NpyReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes, for one trial of one network at its initial weights, the gradient of every requested rule and
 * writes them with the inputs, targets, weights, equation parameters and each rule's alignment (cosine)
 * with the exact BPTT gradient.
 */
public final class GradientReport
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to compute.
     *
     * @param model      lif, alif or rate.
     * @param rules      rule names ({@link GradientRule#NAMES}).
     * @param size       recurrent units.
     * @param nIn        inputs (ignored when inputs are supplied).
     * @param steps      trial length (ignored when inputs are supplied).
     * @param batch      rows (ignored when inputs are supplied).
     * @param seed       seed of every random draw.
     * @param dtype      FLOAT or DOUBLE.
     * @param inputsNpy  supplied inputs, batch × time × nIn, or {@code null} for the pattern-generation target.
     * @param targetsNpy supplied targets, batch × time × nOut (with inputsNpy).
     */
    public record Request(
        RegionModel model, List<String> rules, int size, int nIn, int steps, int batch, long seed, DataType dtype,
        Path inputsNpy, Path targetsNpy)
    {
    }

    private GradientReport()
    {
    }

    /**
     * @return rule name → cosine with BPTT over input and recurrent weights together.
     * @throws IllegalArgumentException on a bad request (rule, shapes).
     */
    public static Map<String, Double> write(final Request request, final Path out) throws IOException
    {
        final List<GradientRule> rules = request.rules().stream().map(r -> GradientRule.parse(r, request.model())).toList();
        final INDArray[] x;
        final INDArray[] y;
        if (request.inputsNpy() != null)
        {
            x = readSequence(request.inputsNpy(), request.dtype(), "inputs");
            y = readSequence(request.targetsNpy(), request.dtype(), "targets");
            if (x.length != y.length || x[0].rows() != y[0].rows())
            {
                throw new IllegalArgumentException("inputs and targets: batch and time must match (got " + x[0].rows() +
                    "x" + x.length + " and " + y[0].rows() + "x" + y.length + ")");
            }
        }
        else
        {
            final PatternGeneration task = PatternGeneration.create(request.steps(), 1, request.nIn(), 50,
                request.batch(), request.dtype(), NodeRandom.forNode(request.seed(), "task"));
            x = task.inputs();
            y = task.target();
        }
        final int nIn = (int)x[0].columns();
        final int nOut = (int)y[0].columns();
        final TrialLoss loss = TrialLoss.of(Loss.everyStep(LossKind.MSE, y));
        Files.createDirectories(out.resolve("gradients"));

        final ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", "brainsim-gradients/1");
        final ObjectNode versions = manifest.putObject("versions");
        Versions.all().forEach(versions::put);
        manifest.put("model", request.model().name());
        manifest.put("seed", request.seed());
        manifest.put("dtype", request.dtype() == DataType.DOUBLE ? "float64" : "float32");
        manifest.put("task", request.inputsNpy() == null ? "pattern generation (reference §1.9): frozen 50 Hz Poisson " +
            "inputs, sum of 4 sines (periods 1000/500/333/200 ms), max |y*| = 1" : "supplied: " + request.inputsNpy());
        manifest.put("loss", "E = 1/2 sum over steps, rows, outputs of (y - y*)^2 (every step)");
        manifest.put("weight_layout", "[pre, post]: x (batch x nIn) . W_in (nIn x n); feedback B is nOut x n, " +
            "learning signal L = err . B");

        final Map<String, Gradients> results = new LinkedHashMap<>();
        final INDArray[] initial;
        final INDArray feedback;
        if (!request.model().spiking())
        {
            final RateParams p = new RateParams(nIn, request.size(), nOut, 1.0 / 30, Activation.TANH, 0.0);
            final NodeRandom weights = NodeRandom.forNode(request.seed(), "network");
            final RateNetwork net = RateNetwork.random(p, request.dtype(), 1.2, weights);
            initial = new INDArray[] {net.wIn(), net.wRec(), net.wOut(), net.bOut(), net.bias()};
            gradients(net, rules, request, x, loss, results);
            feedback = randomFeedback(net, request.seed());
            final ObjectNode eq = manifest.putObject("parameters");
            eq.put("equations", "h_t = a_{t-1} W_rec + x_t W_in + b; a_t = (1 - alpha) a_{t-1} + alpha tanh(h_t); " +
                "y_t = a_t W_out + b_out");
            eq.put("alpha", p.alpha());
            eq.put("activation", "tanh");
            eq.put("initial_state", p.initialState());
            eq.put("n_in", nIn);
            eq.put("n", p.n());
            eq.put("n_out", nOut);
        }
        else
        {
            final SpikingParams p = spikingParams(request.model(), nIn, request.size());
            final SpikingNetwork net = new SpikingNetwork(p, request.dtype(), NodeRandom.forNode(request.seed(), "network"));
            initial = new INDArray[] {net.wIn(), net.wRec(), net.wOut(), net.bOut()};
            gradients(net, rules, request, x, loss, results);
            feedback = randomFeedback(net, request.seed());
            final ObjectNode eq = manifest.putObject("parameters");
            eq.put("equations", "v_t = alpha v_{t-1} + zeta (z_{t-1} W_rec + x_t W_in) - v_th z_{t-1}; " +
                "a_t = rho a_{t-1} + z_{t-1}; A_t = v_th + beta a_t; z_t = H(v_t - A_t), 0 while refractory; " +
                "psi_t = gamma_pd / v_th max(0, 1 - |v_t - A_t| / v_th); y_t = kappa y_{t-1} + zeta_out z_t W_out + b_out");
            eq.put("dt_ms", p.dtMs());
            eq.put("alpha", p.alpha());
            eq.put("rho", p.rho());
            eq.put("beta", p.beta());
            eq.put("v_th", p.vTh());
            eq.put("zeta", p.zeta());
            eq.put("kappa", p.kappa());
            eq.put("zeta_out", p.zetaOut());
            eq.put("gamma_pd", p.gammaPd());
            eq.put("refractory_steps", p.nRef());
            eq.put("n_in", nIn);
            eq.put("n_lif", p.nLif());
            eq.put("n_alif", p.nAlif());
            eq.put("n_out", nOut);
            eq.put("autapses", false);
        }

        writeSequence(out.resolve("inputs.npy"), x);
        writeSequence(out.resolve("targets.npy"), y);
        write(out.resolve("weights_in.npy"), initial[0]);
        write(out.resolve("weights_rec.npy"), initial[1]);
        write(out.resolve("weights_out.npy"), initial[2]);
        write(out.resolve("bias_out.npy"), initial[3]);
        write(out.resolve("feedback.npy"), feedback);
        final ArrayNode ruleList = manifest.putArray("rules");
        final ObjectNode alignment = JSON.createObjectNode();
        alignment.put("reference", "bptt");
        final ObjectNode cosines = alignment.putObject("cosine_in_and_rec");
        final ObjectNode detail = alignment.putObject("cosine_by_matrix");
        final Gradients bptt = results.get("bptt");
        final Map<String, Double> summary = new LinkedHashMap<>();
        for (final Map.Entry<String, Gradients> e : results.entrySet())
        {
            final Path dir = out.resolve("gradients").resolve(e.getKey().replace(':', '-'));
            Files.createDirectories(dir);
            final Gradients g = e.getValue();
            write(dir.resolve("in.npy"), g.in());
            write(dir.resolve("rec.npy"), g.rec());
            write(dir.resolve("out.npy"), g.out());
            write(dir.resolve("bias_out.npy"), g.outBias());
            if (g.bias() != null)
            {
                write(dir.resolve("bias.npy"), g.bias());
            }
            ruleList.add(e.getKey());
            final double cosine = g.cosine(bptt);
            summary.put(e.getKey(), cosine);
            putCosine(cosines, e.getKey(), cosine);
            final ObjectNode m = detail.putObject(e.getKey());
            putCosine(m, "in", cosine(g.in(), bptt.in()));
            putCosine(m, "rec", cosine(g.rec(), bptt.rec()));
            putCosine(m, "out", cosine(g.out(), bptt.out()));
        }
        final ObjectNode arrays = manifest.putObject("arrays");
        arrays.put("inputs.npy", "x, batch x time x n_in");
        arrays.put("targets.npy", "y*, batch x time x n_out");
        arrays.put("weights_in.npy", "initial W_in, n_in x n");
        arrays.put("weights_rec.npy", "initial W_rec, n x n");
        arrays.put("weights_out.npy", "initial W_out, n x n_out");
        arrays.put("bias_out.npy", "initial b_out, 1 x n_out");
        arrays.put("feedback.npy", "random feedback B used by the random/adaptive rules, n_out x n " +
            "(symmetric rules use W_out^T)");
        arrays.put("gradients/<rule>/{in,rec,out,bias_out}.npy", "dE/dW as estimated by the rule, same layout as the weights");
        JSON.writeValue(out.resolve("manifest.json").toFile(), manifest);
        JSON.writeValue(out.resolve("alignment.json").toFile(), alignment);
        return summary;
    }

    /** Every rule's gradient (BPTT first), each rule with its random streams drawn from the seed's "feedback". */
    private static void gradients(
        final RegionNetwork net, final List<GradientRule> rules, final Request request, final INDArray[] x,
        final TrialLoss loss, final Map<String, Gradients> results)
    {
        for (final GradientRule rule : withBptt(rules, request.model()))
        {
            final LearningRule r = rule.type().create(net, rule.values(), NodeRandom.forNode(request.seed(), "feedback"));
            results.put(rule.name(), new Learner(net, r, new Sgd(0), GradientPenalties.NONE).gradients(x, loss));
        }
    }

    /** @return the random feedback B every random-feedback rule draws (first, from the seed's "feedback" stream). */
    private static INDArray randomFeedback(final RegionNetwork net, final long seed)
    {
        final GradientRule random = GradientRule.parse("eprop-random", net.spiking() ? SpikingModel.LIF :
            org.brainsim.regions.network.RateModel.RATE);
        return ((EpropRule)random.type().create(net, random.values(), NodeRandom.forNode(seed, "feedback")))
            .feedback(net);
    }

    /** The spiking parameters used: LightLIF pattern-generation defaults; ALIF: half the units adapt (τ_a 500 ms). */
    static SpikingParams spikingParams(final RegionModel model, final int nIn, final int size)
    {
        final SpikingParams lif = PatternGeneration.networkParams(nIn, size);
        if (model == SpikingModel.LIF)
        {
            return lif;
        }
        final double alpha = lif.alpha();
        final double rho = Math.exp(-lif.dtMs() / 500);
        return new SpikingParams(nIn, size - size / 2, size / 2, lif.nOut(), lif.dtMs(), lif.tauMMs(), 500,
            1.7 * (1 - rho) / (1 - alpha), lif.vTh(), lif.zeta(), lif.gammaPd(), lif.nRef(), lif.tauOutMs(),
            lif.zetaOut());
    }

    private static List<GradientRule> withBptt(final List<GradientRule> rules, final RegionModel model)
    {
        final java.util.ArrayList<GradientRule> all = new java.util.ArrayList<>();
        all.add(GradientRule.parse("bptt", model));
        rules.stream().filter(r -> !r.name().equals("bptt")).forEach(all::add);
        return all;
    }

    /** A cosine with a zero gradient is undefined: written as null. */
    private static void putCosine(final ObjectNode node, final String key, final double cosine)
    {
        if (Double.isFinite(cosine))
        {
            node.put(key, cosine);
        }
        else
        {
            node.putNull(key);
        }
    }

    private static double cosine(final INDArray a, final INDArray b)
    {
        final double dot = a.mul(b).sumNumber().doubleValue();
        return dot / Math.sqrt(a.mul(a).sumNumber().doubleValue() * b.mul(b).sumNumber().doubleValue());
    }

    private static void write(final Path file, final INDArray array) throws IOException
    {
        if (array.dataType() == DataType.DOUBLE)
        {
            NpyFiles.writeDoubles(file, array.dup().data().asDouble(), array.shape());
        }
        else
        {
            NpyFiles.writeFloats(file, array.dup().data().asFloat(), array.shape());
        }
    }

    /** Writes per-step batch × width arrays as one batch × time × width array. */
    private static void writeSequence(final Path file, final INDArray[] steps) throws IOException
    {
        final INDArray stacked = Nd4j.stack(1, steps); // batch × time × width
        write(file, stacked);
    }

    private static INDArray[] readSequence(final Path file, final DataType dtype, final String what) throws IOException
    {
        if (file == null)
        {
            throw new IllegalArgumentException(what + ": missing (give --inputs and --targets together)");
        }
        final NpyReader.Array array = NpyReader.read(file);
        final long[] shape = array.header().shape();
        if (shape.length != 3)
        {
            throw new IllegalArgumentException(what + " " + file + ": shape " + java.util.Arrays.toString(shape) +
                " (expected: batch x time x width)");
        }
        final INDArray all = Nd4j.create(array.doubles(), shape, DataType.DOUBLE).castTo(dtype);
        final INDArray[] out = new INDArray[(int)shape[1]];
        for (int t = 0; t < out.length; t++)
        {
            out[t] = all.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup().reshape(shape[0], shape[2]);
        }
        return out;
    }
}
