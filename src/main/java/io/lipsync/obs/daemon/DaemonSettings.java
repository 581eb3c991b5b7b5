package io.lipsync.obs.daemon;

import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the daemon runs.
 *
 * @param stateDir the job journal, the dock token and the renders live here
 * @param httpPort the dock and media server's port on 127.0.0.1 (0: any free port)
 * @param placement where results go when a trigger does not say
 * @param settle how long a clip must go without a new trigger before its job starts
 * @param statusSource a text source the daemon writes its status into (null: none)
 */
public record DaemonSettings(ObsEndpoint obs, Path stateDir, int httpPort, String token, Placement placement,
        DenoiseOptions sampling, long seed, Duration settle, Duration firstRetry, Duration maxRetry,
        String statusSource) {
    public Path renders() {
        return stateDir.resolve("renders");
    }

    public Path journal() {
        return stateDir.resolve("jobs.json");
    }
}
