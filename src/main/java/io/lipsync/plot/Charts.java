package io.lipsync.plot;

import io.lipsync.util.AtomicFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;

/** PNG charts for reports (written atomically): bars per item, and histograms of a value over a data set. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * One group of bars per category (a video), one bar per series (a metric) in it; null values are left
     * out. {@code series}: name -> one value per category.
     */
    public static void bars(Path png, String title, List<String> categories, Map<String, List<Double>> series)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        series.forEach((name, values) -> {
            for (int i = 0; i < categories.size(); i++) {
                if (values.get(i) != null && !values.get(i).isNaN()) {
                    data.addValue(values.get(i), name, categories.get(i));
                }
            }
        });
        JFreeChart chart = ChartFactory.createBarChart(title, null, null, data, PlotOrientation.VERTICAL, true,
                false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (categories.size() > 6) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        write(png, chart, Math.max(640, Math.min(1920, 120 * categories.size())), 480);
    }

    /** A histogram of {@code values} in {@code bins} equal bins; NaNs are left out. */
    public static void histogram(Path png, String title, String label, double[] values, int bins) throws IOException {
        double[] present = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        HistogramDataset data = new HistogramDataset();
        if (present.length > 0) {
            data.addSeries(label, present, bins);
        }
        JFreeChart chart = ChartFactory.createHistogram(title, label, "count", data, PlotOrientation.VERTICAL, false,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        write(png, chart, 800, 480);
    }

    private static void write(Path png, JFreeChart chart, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        AtomicFiles.write(png, out.toByteArray());
    }
}
