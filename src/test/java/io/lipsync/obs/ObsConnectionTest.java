package io.lipsync.obs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.testing.FakeObs;
import io.obswebsocket.community.client.OBSRemoteController;
import io.obswebsocket.community.client.message.request.RequestBatch;
import io.obswebsocket.community.client.message.request.general.GetVersionRequest;
import io.obswebsocket.community.client.message.request.sceneitems.GetSceneItemListRequest;
import io.obswebsocket.community.client.message.response.RequestBatchResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ObsConnectionTest {
    private static final Duration FAST = Duration.ofMillis(100);

    /** Records what the connection reports. */
    private static final class Recorder implements ObsListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<String> fatal = new CopyOnWriteArrayList<>();
        volatile ObsSession session;

        @Override
        public void connected(ObsSession s) {
            session = s;
            events.add("connected");
        }

        @Override
        public void disconnected(String reason) {
            events.add("disconnected");
        }

        @Override
        public void vendorEvent(String vendor, String type, JsonObject data) {
            events.add("vendor " + vendor + " " + type + " " + data);
        }

        @Override
        public void sceneItemSelected(String scene, int id) {
            events.add("selected " + scene + " " + id);
        }

        @Override
        public void fatal(String message) {
            fatal.add(message);
            events.add("fatal");
        }

        @Override
        public void obsExiting() {
            events.add("exiting");
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            return e == null ? "nothing within 10 s" : e;
        }
    }

    private static ObsEndpoint endpoint(FakeObs obs, String password) {
        return new ObsEndpoint(URI.create(obs.uri()), password);
    }

    @Test
    void identifiesWithThePasswordAndReceivesEventsAndAnswers() throws Exception {
        try (FakeObs obs = new FakeObs("s3cret").start()) {
            Recorder r = new Recorder();
            try (ObsConnection c = new ObsConnection(endpoint(obs, "s3cret"), r, FAST, FAST)) {
                c.start();
                assertEquals("connected", r.next());
                assertEquals("29.0.2", r.session.obsVersion());
                assertEquals("Scene", r.session.currentScene());
                JsonObject data = new JsonObject();
                data.addProperty("sceneItemId", 7);
                obs.emitVendorEvent("obs-lipsync", "lipsync", data);
                assertEquals("vendor obs-lipsync lipsync {\"sceneItemId\":7}", r.next());
                obs.emitSceneItemSelected("Scene", 3);
                assertEquals("selected Scene 3", r.next());
                obs.emit("ExitStarted", 1, new JsonObject()); // the General category
                assertEquals("exiting", r.next());
            }
        }
    }

    @Test
    void theFakeServerAnswersARequestBatchInOrder() throws Exception {
        try (FakeObs obs = new FakeObs("pw").start()) {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            OBSRemoteController client = OBSRemoteController.builder().host("127.0.0.1").port(obs.port())
                    .password("pw").autoConnect(false).lifecycle().onReady(ready::countDown).and().build();
            client.connect();
            try {
                assertTrue(ready.await(10, TimeUnit.SECONDS));
                BlockingQueue<RequestBatchResponse> answer = new LinkedBlockingQueue<>();
                client.sendRequestBatch(RequestBatch.builder()
                        .request(GetVersionRequest.builder().build())
                        .request(GetSceneItemListRequest.builder().sceneName("No such scene").build())
                        .build(), answer::add);
                var results = answer.poll(10, TimeUnit.SECONDS).getData().getResults();
                assertEquals(2, results.size());
                assertTrue(results.get(0).getRequestStatus().getResult());
                assertEquals(600, results.get(1).getRequestStatus().getCode());
            } finally {
                client.disconnect();
                client.stop();
            }
        }
    }

    @Test
    void aWrongPasswordIsReportedOnceAndNeverRetried() throws Exception {
        try (FakeObs obs = new FakeObs("right").start()) {
            Recorder r = new Recorder();
            try (ObsConnection c = new ObsConnection(endpoint(obs, "wrong"), r, FAST, FAST)) {
                c.start();
                assertEquals("fatal", r.next());
                Thread.sleep(1000);
                assertEquals(1, obs.handshakes(), "no retries after the password was refused");
                assertEquals(1, c.attempts());
                assertTrue(r.fatal.get(0).contains("OBS_WEBSOCKET_PASSWORD"), r.fatal.get(0));
                assertTrue(r.events.isEmpty(), r.events.toString());
            }
        }
    }

    @Test
    void waitsForObsToStartAndReattachesAfterARestart() throws Exception {
        FakeObs obs = new FakeObs(null);
        Recorder r = new Recorder();
        try (ObsConnection c = new ObsConnection(endpoint(obs, null), r, FAST, Duration.ofMillis(400))) {
            c.start();
            Thread.sleep(700);
            assertTrue(c.attempts() >= 2, "keeps trying while OBS is not there: " + c.attempts());
            assertTrue(r.events.isEmpty(), r.events.toString());
            obs.start();
            assertEquals("connected", r.next());
            obs.stop();
            assertEquals("disconnected", r.next());
            obs.start();
            assertEquals("connected", r.next());
            assertEquals("Scene", r.session.currentScene());
        } finally {
            obs.close();
        }
    }
}
