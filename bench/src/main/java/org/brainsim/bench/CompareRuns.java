package org.brainsim.bench;

import org.brainsim.scenarios.record.NpyReader;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One figure of several runs' task error per trial (mean of the last 8 trials), for docs/results.md:
 * <pre>
 *   bench/run compare OUT.png [--title T] [--threshold X] [--ymax Y] [--log] LABEL=RUN_DIR[,RUN_DIR…] …
 * </pre>
 * A label with several run directories (seeds) is drawn as their mean, in a legend that says how many. Defaults:
 * the evidence-accumulation figure's title, threshold 0.07 and y up to 0.6.
 */
public final class CompareRuns
{

    private CompareRuns()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        String title = "Evidence accumulation: error per trial";
        double threshold = 0.07;
        double yMax = 0.6;
        boolean log = false;
        int window = 8;
        final List<String> series = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--title" -> title = args[++i];
                case "--threshold" -> threshold = Double.parseDouble(args[++i]);
                case "--ymax" -> yMax = Double.parseDouble(args[++i]);
                case "--log" -> log = true;
                case "--window" -> window = Math.max(1, Integer.parseInt(args[++i]));
                default -> series.add(args[i]);
            }
        }
        final XYChart chart = new XYChartBuilder().width(900).height(450).title(title)
            .xAxisTitle("trial (a batch, one update)").yAxisTitle("error, mean of the last " + window + " trials")
            .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setYAxisMin(log ? threshold / 10 : 0.0);
        chart.getStyler().setYAxisMax(yMax);
        // Thousands of trials: plain integers, ticks far enough apart not to run into each other.
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        int longest = 1;
        for (final String s : series)
        {
            final String[] kv = s.split("=", 2);
            final String[] dirs = kv[1].split(",");
            double[] mean = null;
            for (final String dir : dirs)
            {
                final double[] smooth = runningMean(NpyReader.read(Path.of(dir, "task", "error.npy")).doubles(),
                    window);
                if (mean == null)
                {
                    mean = new double[smooth.length];
                }
                for (int t = 0; t < Math.min(mean.length, smooth.length); t++)
                {
                    mean[t] += smooth[t] / dirs.length;
                }
            }
            final double[] x = new double[mean.length];
            for (int t = 0; t < x.length; t++)
            {
                x[t] = t;
            }
            longest = Math.max(longest, mean.length);
            chart.addSeries(dirs.length == 1 ? kv[0] : kv[0] + " (mean of " + dirs.length + ")", x, mean)
                .setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries(String.valueOf(threshold), new double[] {0, longest - 1}, new double[] {threshold, threshold})
            .setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
        BitmapEncoder.saveBitmap(chart, args[0], BitmapEncoder.BitmapFormat.PNG);
    }

    /** @return at each trial, the mean error of the last {@code window} trials (fewer at the start). */
    private static double[] runningMean(final double[] error, final int window)
    {
        final double[] y = new double[error.length];
        double sum = 0;
        for (int t = 0; t < error.length; t++)
        {
            sum += error[t] - (t >= window ? error[t - window] : 0);
            y[t] = sum / Math.min(t + 1, window);
        }
        return y;
    }
}
