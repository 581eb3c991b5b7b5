package io.lipsync.obs.daemon;

import io.lipsync.latentsync.Preset;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.obs.ObsException;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the daemon runs.
 *
 * @param obs where OBS's websocket listens, and its password
 * @param stateDir the job journal, the dock token and the renders live here
 */
public record DaemonSettings(ObsEndpoint obs, Path stateDir, Dock dock, Results results, Sampling sampling,
        Timing timing) {

    /** The dock and media server: its port on 127.0.0.1 (0: any free port) and the token its URLs carry. */
    public record Dock(int httpPort, String token) {}

    /** Where results go when a trigger does not say, and the text source status is written to (null: none). */
    public record Results(Placement placement, String statusSource) {}

    /**
     * How jobs are sampled: as the daemon was started ({@code options}), or by the preset a job asks for.
     *
     * @param resolution the loaded model's frame size in pixels (256 or 512)
     */
    public record Sampling(DenoiseOptions options, long seed, int resolution) {
        /** A job's sampling: its preset's, else the daemon's own. */
        public DenoiseOptions of(Preset preset) {
            return preset == null ? options : preset.sampling();
        }

        /** Refuses a preset that needs another model than the one loaded (Final asks for the 512 px one). */
        public void requireModelFor(Preset preset) {
            if (preset == null || preset.model() == null) {
                return;
            }
            int wanted = UNetConfig.builtin(ModelCatalog.unetConfig(preset.model())).data().resolution();
            if (wanted != resolution) {
                throw new ObsException("the " + preset.label() + " preset needs the " + wanted + " px model (LatentSync "
                        + preset.model() + "); this daemon runs the " + resolution + " px one: restart it with --preset "
                        + preset.label() + ", or pick another preset");
            }
        }
    }

    /**
     * @param settle how long a clip must go without a new trigger before its job starts
     * @param firstRetry, maxRetry the reconnection backoff while OBS is away
     */
    public record Timing(Duration settle, Duration firstRetry, Duration maxRetry) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    public Path renders() {
        return stateDir.resolve("renders");
    }

    public Path journal() {
        return stateDir.resolve("jobs.json");
    }
}
