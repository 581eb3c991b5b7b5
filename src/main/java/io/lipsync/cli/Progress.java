package io.lipsync.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress display for long work: a bar with rate and ETA on a terminal, otherwise a plain log line at
 * every tenth of the way (so logs stay readable).
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream plain;
    private final String task;
    private final long total;
    private int lastTenth = -1;

    private Progress(String task, long total, String unit, long unitSize, long start) {
        this.task = task;
        this.total = total;
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total < 0 ? 0 : total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(unit, unitSize).showSpeed().startsFrom(start,
                            java.time.Duration.ZERO).build();
            plain = null;
        } else {
            bar = null;
            plain = System.out;
            plain.println(task + ": started" + (total > 0 ? " (" + total / unitSize + " " + unit.trim() + ")" : ""));
        }
    }

    static Progress bytes(String task, long total, long start) {
        return new Progress(task, total, " MB", 1L << 20, start);
    }

    static Progress count(String task, long total, String unit) {
        return count(task, total, unit, 0);
    }

    static Progress count(String task, long total, String unit, long start) {
        return new Progress(task, total, " " + unit, 1, start);
    }

    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        if (total > 0) {
            int tenth = (int) (done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                plain.println(task + ": " + tenth * 10 + "%");
            }
        }
    }

    void message(String extra) {
        if (bar != null) {
            bar.setExtraMessage(extra);
        } else {
            plain.println(task + ": " + extra);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
