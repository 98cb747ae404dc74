package org.brainsim.scenarios.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The charts of a report, drawn the same way and saved as PNGs into the run directory (in the order drawn). */
final class ReportCharts
{
    static final int WIDTH = 900;
    static final int HEIGHT = 420;

    private final Path dir;
    private final List<String> images = new ArrayList<>();

    ReportCharts(final Path dir)
    {
        this.dir = dir;
    }

    /** @return the images saved so far, by file name. */
    List<String> images()
    {
        return images;
    }

    static XYChart chart(final String title, final String x, final String y)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
            .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    void save(final XYChart chart, final String image) throws IOException
    {
        BitmapEncoder.saveBitmap(chart, dir.resolve(image).toString(), BitmapEncoder.BitmapFormat.PNG);
        images.add(image);
    }

    /** @param stepMs the time between two rows of {@code z}, ms. */
    void raster(final String node, final float[][] z, final String which, final double stepMs) throws IOException
    {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (int t = 0; t < z.length; t++)
        {
            for (int u = 0; u < z[t].length; u++)
            {
                if (z[t][u] != 0)
                {
                    xs.add(t * stepMs);
                    ys.add((double)u);
                }
            }
        }
        final XYChart chart = chart("Spikes of " + node + " (" + which + ")", "time (ms)", "unit");
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(2);
        chart.getStyler().setLegendVisible(false);
        if (xs.isEmpty())
        {
            xs.add(0.0);
            ys.add(-1.0);
        }
        chart.addSeries("spikes", xs, ys).setMarker(SeriesMarkers.SQUARE).setMarkerColor(Color.BLACK);
        save(chart, "raster-" + node + ".png");
    }

    /**
     * @param stepMs the time between two rows of {@code values}, ms.
     * @param valueUnits what the values are, for the colour bar's title.
     */
    void heatMap(final String node, final float[][] values, final String which, final double stepMs,
                 final String valueUnits) throws IOException
    {
        final int steps = values.length;
        final int units = values[0].length;
        final int stride = Math.max(1, steps / 400); // at most ~400 columns
        final int unitStride = Math.max(1, units / 100);
        final List<Number[]> cells = new ArrayList<>();
        final List<Long> xs = new ArrayList<>();
        final List<Integer> rows = new ArrayList<>();
        final List<Integer> ys = new ArrayList<>();
        for (int i = 0, t = 0; t < steps; t += stride, i++)
        {
            xs.add(Math.round(t * stepMs));
            rows.add(t);
        }
        for (int j = 0, u = 0; u < units; u += unitStride, j++)
        {
            ys.add(u);
        }
        for (int i = 0; i < xs.size(); i++)
        {
            for (int j = 0; j < ys.size(); j++)
            {
                cells.add(new Number[] {i, j, values[rows.get(i)][ys.get(j)]});
            }
        }
        final HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
            .title("Activity of " + node + " (" + which + ")").xAxisTitle("time (ms), " + xs.get(0) + " … " +
                Math.round(steps * stepMs)).yAxisTitle("unit").build();
        chart.getStyler().setShowValue(false);
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setLegendVisible(true); // the colour bar
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisTicksVisible(false);
        chart.addSeries(valueUnits.length() > 40 ? valueUnits.substring(0, 40) + "…" : valueUnits, xs, ys, cells);
        final String image = "activity-" + node + ".png";
        BitmapEncoder.saveBitmap(chart, dir.resolve(image).toString(), BitmapEncoder.BitmapFormat.PNG);
        images.add(image);
    }

}
