package org.brainsim.bench;

import org.brainsim.scenarios.record.NpyReader;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;

/**
 * One figure of several runs' task error per trial (mean of the last 8 trials), for docs/results.md:
 * {@code bench/run compare OUT.png LABEL=RUN_DIR ...}.
 */
public final class CompareRuns
{
    private CompareRuns()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(900).height(450).title("Evidence accumulation: error per trial")
            .xAxisTitle("trial (a batch of 64 trials, one update)").yAxisTitle("error, mean of the last 8 trials").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(0.6);
        int longest = 1;
        for (int i = 1; i < args.length; i++)
        {
            final String[] kv = args[i].split("=", 2);
            final double[] error = NpyReader.read(Path.of(kv[1], "task", "error.npy")).doubles();
            final double[] x = new double[error.length];
            final double[] y = new double[error.length];
            double sum = 0;
            for (int t = 0; t < error.length; t++)
            {
                sum += error[t] - (t >= 8 ? error[t - 8] : 0);
                x[t] = t;
                y[t] = sum / Math.min(t + 1, 8);
            }
            longest = Math.max(longest, error.length);
            chart.addSeries(kv[0], x, y).setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries("7 %", new double[] {0, longest - 1}, new double[] {0.07, 0.07}).setMarker(SeriesMarkers.NONE)
            .setLineColor(Color.GRAY);
        BitmapEncoder.saveBitmap(chart, args[0], BitmapEncoder.BitmapFormat.PNG);
    }
}
