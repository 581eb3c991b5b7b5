package io.lipsync.cli;

import io.lipsync.obs.daemon.DaemonProcess;
import io.lipsync.obs.daemon.DaemonSettings;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import io.lipsync.util.Folders;
import io.lipsync.util.UserError;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync daemon}: attached to OBS, lip-syncs clips when the plugin asks. */
@Command(name = "daemon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attaches to OBS over obs-websocket and lip-syncs the selected clip",
                "whenever the OBS plugin asks (hotkey, script button, Tools > Lip-sync clip,",
                "or the dock). Results go back into the scene: first the segments as they",
                "render, then the finished file. Runs in the foreground until stopped",
                "(Ctrl+C), one log line per job state change.", "",
                "The obs-websocket password comes from --password-stdin (how the OBS script",
                "starts it), " + DaemonConfig.PASSWORD_ENV + " or the config file's \"password\",",
                "never from the command line. Add the dock in",
                "OBS under Docks > Custom Browser Docks with the URL the daemon prints.", "",
                "Example:",
                "  OBS_WEBSOCKET_PASSWORD=... lipsync daemon --obs ws://127.0.0.1:4455", ""})
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--obs", defaultValue = ObsEndpoint.DEFAULT_URI, paramLabel = "URL",
            description = "obs-websocket address (OBS: Tools > WebSocket Server Settings). Default: ${DEFAULT-VALUE}")
    URI obs;

    @Option(names = "--config", paramLabel = "FILE",
            description = "config file with password, token, placement. Default: daemon.json in $XDG_CONFIG_HOME/obs-lipsync (~/.config/obs-lipsync)")
    Path config;

    @Option(names = "--state", paramLabel = "DIR",
            description = "where the job journal, dock token and renders live. Default: $XDG_STATE_HOME/obs-lipsync (~/.local/state/obs-lipsync)")
    Path state;

    @Option(names = "--http-port", defaultValue = "4456", paramLabel = "PORT",
            description = "the dock and media server's port, on 127.0.0.1 only. Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(names = "--placement", paramLabel = "add|replace",
            description = "where results go when the plugin does not say: add a '<clip> (lip-sync)' source above "
                    + "the clip and hide the clip, or replace the clip's file. Default: the config's, else add")
    String placement;

    @Option(names = "--password-stdin",
            description = "read the obs-websocket password from the first line of standard input (the OBS script "
                    + "starts the daemon this way, so the password is on no command line and in no file)")
    boolean passwordStdin;

    @Option(names = "--exit-with-obs",
            description = "stop when OBS shuts down (the OBS script starts the daemon this way; one started by hand "
                    + "outlives OBS restarts and waits for it)")
    boolean exitWithObs;

    @Option(names = "--status-source", paramLabel = "NAME",
            description = "a text source (made by you, in any scene) that shows the daemon's status: the way to see "
                    + "progress in OBS builds without browser docks, such as Debian's")
    String statusSource;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        DaemonConfig file = DaemonConfig.read(config != null ? config : DaemonConfig.defaultFile());
        Path stateDir = state != null ? state : Folders.state();
        String given = passwordStdin ? firstLineOfStdin() : System.getenv(DaemonConfig.PASSWORD_ENV);
        ObsEndpoint endpoint = new ObsEndpoint(obs, file.password(given));
        Placement chosen = Placement.parse(placement != null ? placement : file.placement(), Placement.ADD);
        DaemonSettings settings = new DaemonSettings(endpoint, stateDir,
                new DaemonSettings.Dock(httpPort, file.token(stateDir)), new DaemonSettings.Results(chosen, statusSource),
                new DaemonSettings.Sampling(sampling.denoise(), sampling.seed,
                        engine.modelSet(sampling.preset()).unetConfig().data().resolution()), DaemonSettings.Timing.DEFAULT);
        return DaemonProcess.run(settings, new DaemonProcess.Run(exitWithObs, sampling.line(),
                () -> engine.load(sampling.preset()), System.out::println));
    }

    private static String firstLineOfStdin() {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new UserError("--password-stdin: standard input ended before a password line");
            }
            return line.isEmpty() ? null : line;
        } catch (java.io.IOException e) {
            throw new UserError("--password-stdin: cannot read standard input: " + e.getMessage());
        }
    }
}
