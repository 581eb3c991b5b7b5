package io.lipsync.cli;

import io.lipsync.obs.daemon.Daemon;
import io.lipsync.obs.daemon.DaemonSettings;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.util.Folders;
import io.lipsync.util.WorkFiles;
import io.lipsync.util.UserError;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
    public Integer call() throws InterruptedException {
        DaemonConfig file = DaemonConfig.read(config != null ? config : DaemonConfig.defaultFile());
        Path stateDir = state != null ? state : Folders.state();
        String given = passwordStdin ? firstLineOfStdin() : System.getenv(DaemonConfig.PASSWORD_ENV);
        ObsEndpoint endpoint = new ObsEndpoint(obs, file.password(given));
        Placement chosen = Placement.parse(placement != null ? placement : file.placement(), Placement.ADD);
        DaemonSettings settings = new DaemonSettings(endpoint, stateDir,
                new DaemonSettings.Dock(httpPort, file.token(stateDir)), new DaemonSettings.Results(chosen, statusSource),
                new DaemonSettings.Sampling(sampling.denoise(), sampling.seed,
                        engine.modelSet(sampling.preset()).unetConfig().data().resolution()), DaemonSettings.Timing.DEFAULT);
        // Jobs wait for the models; the dock's port is bound first, so a taken port fails in a second, not
        // after a 5 GB load.
        CompletableFuture<LoadedRenderer> models = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        // Ctrl+C or SIGTERM: the main thread closes the daemon (jobs journalled, partial files removed), then
        // the process ends at once with status 0 (System.exit from main would wait on this very hook).
        Thread onSignal = new Thread(() -> {
            main.interrupt();
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // ending anyway
            }
            WorkFiles.runNow();
            Runtime.getRuntime().halt(0);
        }, "lipsync-stop");
        try (Daemon daemon = new Daemon(settings, (request, listener) -> models.join().render(request, listener))) {
            daemon.start();
            System.out.println("dock: " + daemon.dockUrl());
            Runtime.getRuntime().addShutdownHook(onSignal);
            System.out.println(sampling.line());
            System.out.println("loading the models ...");
            try (LoadedRenderer loaded = engine.load(sampling.preset())) {
                models.complete(loaded);
                System.out.println("waiting for OBS at " + endpoint + " (Ctrl+C stops)");
                // fatal() brings the reason; obsExit() completes with null.
                Object why = (exitWithObs ? CompletableFuture.anyOf(daemon.fatal(), daemon.obsExit()) : daemon.fatal()).get();
                if (why == null) {
                    System.out.println("OBS is shutting down; stopping with it (unfinished jobs resume on the next start)");
                    return 0;
                }
                throw new UserError(why.toString());
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException stopped) {
                System.out.println("stopping; unfinished jobs resume on the next start");
                return 0;
            } catch (RuntimeException e) {
                models.completeExceptionally(e);
                throw e;
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process
            }
        }
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
