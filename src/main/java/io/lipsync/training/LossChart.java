package io.lipsync.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.lipsync.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG of a run's curves, drawn from its metrics log: one series per (kind, metric) pair named in
 * {@code left} on the left axis (losses), and those in {@code right} on a right axis (accuracy, confidence).
 * Rewritten atomically, so an image viewer never shows a half-written file.
 */
public final class LossChart {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LossChart() {}

    /** {@code left}/{@code right}: series label -> "kind.metric", e.g. "train loss" -> "train.loss". */
    public static void write(Path png, String title, List<JsonObject> metrics, Map<String, String> left,
            Map<String, String> right) throws IOException {
        XYSeriesCollection losses = collect(metrics, left);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "loss", losses, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(0, renderer(losses));
        if (!right.isEmpty()) {
            XYSeriesCollection other = collect(metrics, right);
            NumberAxis axis = new NumberAxis(String.join(", ", right.keySet()));
            axis.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, axis);
            plot.setDataset(1, other);
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer r = renderer(other);
            for (int i = 0; i < other.getSeriesCount(); i++) {
                r.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {6f, 4f}, 0f));
            }
            plot.setRenderer(1, r);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, 960, 540);
        AtomicFiles.write(png, out.toByteArray());
    }

    private static XYSeriesCollection collect(List<JsonObject> metrics, Map<String, String> series) {
        XYSeriesCollection out = new XYSeriesCollection();
        for (Map.Entry<String, String> s : series.entrySet()) {
            String kind = s.getValue().substring(0, s.getValue().indexOf('.'));
            String metric = s.getValue().substring(kind.length() + 1);
            XYSeries xy = new XYSeries(s.getKey(), true, true);
            for (JsonObject line : metrics) {
                JsonElement v = line.get(metric);
                if (kind.equals(line.get("kind").getAsString()) && v != null && !v.isJsonNull()) {
                    xy.addOrUpdate(line.get("step").getAsDouble(), v.getAsDouble());
                }
            }
            out.addSeries(xy);
        }
        return out;
    }

    /** Lines; points too for sparse series (validation every N steps). */
    private static XYLineAndShapeRenderer renderer(XYSeriesCollection data) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesShapesVisible(i, data.getSeries(i).getItemCount() <= 50);
        }
        return r;
    }
}
