package io.lipsync.obs;

import io.lipsync.util.DaemonThreads;
import io.obswebsocket.community.client.OBSRemoteController;
import io.obswebsocket.community.client.WebSocketCloseCode;
import io.obswebsocket.community.client.message.event.general.ExitStartedEvent;
import io.obswebsocket.community.client.message.event.general.VendorEventEvent;
import io.obswebsocket.community.client.message.event.sceneitems.SceneItemSelectedEvent;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daemon attached to OBS: connects, identifies, and when OBS is not there yet, quits or restarts,
 * tries again with a backoff doubling from {@code firstRetry} up to {@code maxRetry}. A refused password
 * ends the attempts at once: retrying cannot fix it, and a retry storm would only fill OBS's log.
 */
public final class ObsConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObsConnection.class);
    private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

    private final ObsEndpoint endpoint;
    private final ObsListener listener;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("obs-connection"));
    /** Bumped for every attempt, so the callbacks of an abandoned attempt are ignored. */
    private final AtomicInteger attempt = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile OBSRemoteController controller;
    private volatile boolean ready;
    private volatile boolean closed;
    private Duration nextRetry;

    public ObsConnection(ObsEndpoint endpoint, ObsListener listener, Duration firstRetry, Duration maxRetry) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.nextRetry = firstRetry;
    }

    public void start() {
        scheduler.execute(this::connect);
    }

    /** How many times a connection was tried so far. */
    public int attempts() {
        return attempts.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        int id = attempt.incrementAndGet();
        attempts.incrementAndGet();
        OBSRemoteController obs = OBSRemoteController.builder()
                .host(endpoint.host())
                .port(endpoint.port())
                .password(endpoint.password())
                .connectionTimeout(5)
                .autoConnect(false)
                // Events go through the connection's thread too, so none is seen before connected().
                .registerEventListener(VendorEventEvent.class, e -> post(() -> {
                    if (current(id)) {
                        listener.vendorEvent(e.getVendorName(), e.getEventType(), e.getEventData());
                    }
                }))
                .registerEventListener(ExitStartedEvent.class, e -> post(() -> {
                    if (current(id)) {
                        listener.obsExiting();
                    }
                }))
                .registerEventListener(SceneItemSelectedEvent.class, e -> post(() -> {
                    if (current(id)) {
                        listener.sceneItemSelected(e.getSceneName(), e.getSceneItemId().intValue());
                    }
                }))
                .lifecycle()
                .withControllerDefaultLogging(false)
                .withCommunicatorDefaultLogging(false)
                .onReady(() -> post(() -> onReady(id)))
                .onClose(code -> post(() -> onClosed(id, code)))
                .onDisconnect(() -> post(() -> onLost(id, "the connection closed")))
                .onControllerError(e -> post(() -> onLost(id, describe(e.getReason(), e.getThrowable()))))
                .onCommunicatorError(e -> post(() -> onLost(id, describe(e.getReason(), e.getThrowable()))))
                .and()
                .build();
        controller = obs;
        obs.connect();
    }

    /** Runs {@code task} on the connection's thread; after {@link #close} there is nothing left to do. */
    private void post(Runnable task) {
        if (!closed) {
            try {
                scheduler.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private boolean current(int id) {
        return id == attempt.get() && !closed;
    }

    private void onReady(int id) {
        if (!current(id) || ready) {
            return;
        }
        ready = true;
        nextRetry = firstRetry;
        LOG.info("attached to OBS at {}", endpoint);
        listener.connected(new ObsSession(controller, REQUEST_TIMEOUT_MILLIS));
    }

    private void onClosed(int id, WebSocketCloseCode code) {
        if (!current(id)) {
            return;
        }
        if (code == WebSocketCloseCode.AuthenticationFailed) {
            abandon(id);
            listener.fatal("OBS refused the password. Set OBS_WEBSOCKET_PASSWORD (or \"password\" in the daemon's "
                    + "config file) to the one in OBS under Tools > WebSocket Server Settings, then start the "
                    + "daemon again");
            return;
        }
        onLost(id, code == WebSocketCloseCode.UnknownCode ? "OBS closed the connection"
                : "OBS closed the connection (" + code + ")");
    }

    private void onLost(int id, String reason) {
        if (!current(id)) {
            return;
        }
        abandon(id);
        if (ready) {
            ready = false;
            listener.disconnected(reason);
        }
        LOG.info("OBS is not reachable at {} ({}); trying again in {} s", endpoint, reason,
                String.format("%.1f", nextRetry.toMillis() / 1000.0));
        scheduler.schedule(this::connect, nextRetry.toMillis(), TimeUnit.MILLISECONDS);
        nextRetry = nextRetry.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : nextRetry.multipliedBy(2);
    }

    /** Ends attempt {@code id}: later callbacks from it are ignored and its client threads stop. */
    private void abandon(int id) {
        attempt.compareAndSet(id, id + 1);
        OBSRemoteController obs = controller;
        controller = null;
        if (obs != null) {
            DaemonThreads.named("obs-connection-stop").newThread(obs::stop).start();
        }
    }

    private static String describe(String reason, Throwable error) {
        Throwable root = error;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root != null && root.getMessage() != null ? root.getMessage() : reason;
    }

    @Override
    public void close() {
        closed = true;
        OBSRemoteController obs = controller;
        if (obs != null) {
            obs.stop();
        }
        scheduler.shutdownNow();
    }
}
