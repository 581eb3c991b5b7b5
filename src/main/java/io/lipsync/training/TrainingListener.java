package io.lipsync.training;

import java.nio.file.Path;
import java.util.List;

/** What a training loop reports as it runs: a progress display and a log listen to the same events. */
public interface TrainingListener {
    /** The run starts at {@code fromStep} (0, or a resumed step) and ends at {@code toStep}. */
    void started(long fromStep, long toStep, String summary, List<String> notes);

    /** A step finished; {@code metrics} in the order to show them ("loss", "accuracy", ...). */
    void trained(long step, String metrics);

    /** A validation finished, described in one line. */
    void validated(long step, String summary);

    void saved(long step, Path checkpoint);
}
