package io.lipsync.eval;

import com.google.gson.GsonBuilder;
import io.lipsync.plot.Charts;
import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An evaluation's report kept as JSON, with a bar chart of it beside (same name, .png). */
public final class ReportFiles {
    private ReportFiles() {}

    /** Any report as readable JSON (NaN and infinities kept as such). */
    public static void writeJson(Path json, Object report) throws IOException {
        AtomicFiles.write(json, new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create()
                .toJson(report));
    }

    /** Writes {@code json} and its chart; returns the chart's path. */
    public static Path write(Path json, Evaluation.Report report) throws IOException {
        writeJson(json, report);
        Path png = json.resolveSibling(json.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".png");
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("LSE-C", report.rows().stream().map(Evaluation.Row::lseC).toList());
        series.put("LSE-D", report.rows().stream().map(Evaluation.Row::lseD).toList());
        series.put("SSIM x 10", report.rows().stream().map(r -> r.ssim() == null ? null : 10 * r.ssim()).toList());
        series.put("changed frames x 10", report.rows().stream().map(r -> r.changed() == null ? null : 10 * r.changed())
                .toList());
        Charts.bars(png, "lip sync and quality per video", report.rows().stream().map(Evaluation.Row::video).toList(),
                series);
        return png;
    }
}
