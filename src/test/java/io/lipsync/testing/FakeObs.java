package io.lipsync.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process obs-websocket v5 server speaking the real protocol (Hello/Identify with the SHA-256 challenge,
 * requests, batches, events, close codes) over a small in-memory OBS: inputs with settings, scenes with ordered
 * items, transforms and visibility. Enough of OBS for the daemon's requests; others answer "unknown request".
 */
public final class FakeObs implements AutoCloseable {
    private static final int EVENT_SCENE_ITEMS = 1 << 7;
    private static final int EVENT_VENDORS = 1 << 9;

    /** One scene item: its id, the source it shows, visibility and transform. */
    public static final class Item {
        public final int id;
        public final String source;
        public boolean enabled = true;
        public JsonObject transform = defaultTransform();

        Item(int id, String source) {
            this.id = id;
            this.source = source;
        }
    }

    private record Input(String kind, JsonObject settings) {}

    private final String password;
    private final int port;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, List<Item>> scenes = new LinkedHashMap<>();
    private final Set<Channel> identified = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, List<JsonObject>> settingsHistory = new ConcurrentHashMap<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger nextItem = new AtomicInteger(1);
    private String currentScene = "Scene";
    private EventLoopGroup group;
    private Channel server;

    public FakeObs(String password) {
        this(password, freePort());
    }

    public FakeObs(String password, int port) {
        this.password = password;
        this.port = port;
        scenes.put(currentScene, new ArrayList<>());
    }

    public String uri() {
        return "ws://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts listening (again, after {@link #stop}: OBS restarting keeps its scenes). */
    public synchronized FakeObs start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketServerProtocolHandler("/", "obswebsocket.json", true), new Session());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
        return this;
    }

    /** OBS quitting: every client is closed with "going away" and the port stops listening. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        for (Channel c : identified) {
            // The client may be closing too: a failed write here is not the test's concern.
            c.writeAndFlush(new CloseWebSocketFrame(1001, "OBS is shutting down")).awaitUninterruptibly();
            c.close().awaitUninterruptibly();
        }
        identified.clear();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** WebSocket handshakes so far (each connection attempt that reached the server). */
    public int handshakes() {
        return handshakes.get();
    }

    public boolean hasClient() {
        return !identified.isEmpty();
    }

    /** The request types received so far, in order. */
    public List<String> requests() {
        return requests;
    }

    // ---- the OBS model ----

    public synchronized int addInput(String scene, String name, String kind, JsonObject settings) {
        inputs.put(name, new Input(kind, settings.deepCopy()));
        Item item = new Item(nextItem.getAndIncrement(), name);
        scenes.computeIfAbsent(scene, s -> new ArrayList<>()).add(item);
        return item.id;
    }

    public synchronized List<Item> items(String scene) {
        return List.copyOf(scenes.getOrDefault(scene, List.of()));
    }

    public synchronized Item item(String scene, String source) {
        return scenes.get(scene).stream().filter(i -> i.source.equals(source)).findFirst().orElse(null);
    }

    public synchronized List<String> inputNames() {
        return List.copyOf(inputs.keySet());
    }

    public synchronized JsonObject settings(String input) {
        return inputs.get(input).settings().deepCopy();
    }

    /** Every settings object an input was created with or given, in order. */
    public List<JsonObject> settingsHistory(String input) {
        return List.copyOf(settingsHistory.getOrDefault(input, List.of()));
    }

    /** The user changing a setting in a source's properties. */
    public synchronized void setSetting(String input, String key, String value) {
        inputs.get(input).settings().addProperty(key, value);
    }

    public synchronized String kind(String input) {
        return inputs.get(input).kind();
    }

    /** Emits an event to every identified client subscribed to its category. */
    public void emit(String type, int category, JsonObject data) {
        JsonObject d = new JsonObject();
        d.addProperty("eventType", type);
        d.addProperty("eventIntent", category);
        d.add("eventData", data);
        String text = message(5, d);
        for (Channel c : identified) {
            Integer subs = c.attr(SUBSCRIPTIONS).get();
            if (subs != null && (subs & category) != 0) {
                c.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
    }

    /** What our Lua script sends: a vendor event from the "obs-lipsync" vendor. */
    public void emitVendorEvent(String vendor, String type, JsonObject data) {
        JsonObject e = new JsonObject();
        e.addProperty("vendorName", vendor);
        e.addProperty("eventType", type);
        e.add("eventData", data);
        emit("VendorEvent", EVENT_VENDORS, e);
    }

    public void emitSceneItemSelected(String scene, int item) {
        JsonObject e = new JsonObject();
        e.addProperty("sceneName", scene);
        e.addProperty("sceneItemId", item);
        emit("SceneItemSelected", EVENT_SCENE_ITEMS, e);
    }

    private static final io.netty.util.AttributeKey<Integer> SUBSCRIPTIONS =
            io.netty.util.AttributeKey.valueOf("subscriptions");

    /** One client connection: Hello, Identify, then requests. */
    private final class Session extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String challenge = UUID.randomUUID().toString();
        private final String salt = UUID.randomUUID().toString();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                handshakes.incrementAndGet();
                JsonObject d = new JsonObject();
                d.addProperty("obsWebSocketVersion", "5.1.0");
                d.addProperty("rpcVersion", 1);
                if (password != null) {
                    JsonObject auth = new JsonObject();
                    auth.addProperty("challenge", challenge);
                    auth.addProperty("salt", salt);
                    d.add("authentication", auth);
                }
                ctx.writeAndFlush(new TextWebSocketFrame(message(0, d)));
            }
        }

        /** A client killed mid-connection resets it, as the kill tests mean it to: no fault of OBS's, no log. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof java.io.IOException)) {
                ctx.fireExceptionCaught(cause);
            }
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            JsonObject msg = JsonParser.parseString(frame.text()).getAsJsonObject();
            int op = msg.get("op").getAsInt();
            JsonObject d = msg.getAsJsonObject("d");
            boolean isIdentified = identified.contains(ctx.channel());
            if (op == 1) {
                identify(ctx, d, isIdentified);
            } else if (!isIdentified) {
                close(ctx, 4007, "Not identified");
            } else if (op == 6) {
                ctx.writeAndFlush(new TextWebSocketFrame(message(7, respond(d))));
            } else if (op == 8) {
                JsonArray results = new JsonArray();
                for (JsonElement r : d.getAsJsonArray("requests")) {
                    results.add(respond(r.getAsJsonObject()));
                }
                JsonObject out = new JsonObject();
                out.addProperty("requestId", d.get("requestId").getAsString());
                out.add("results", results);
                ctx.writeAndFlush(new TextWebSocketFrame(message(9, out)));
            } else {
                close(ctx, 4006, "Unknown op code");
            }
        }

        private void identify(ChannelHandlerContext ctx, JsonObject d, boolean already) {
            if (already) {
                close(ctx, 4008, "Already identified");
                return;
            }
            if (password != null) {
                String expected = sha256Base64(sha256Base64(password + salt) + challenge);
                JsonElement given = d.get("authentication");
                if (given == null || !expected.equals(given.getAsString())) {
                    close(ctx, 4009, "Authentication failed");
                    return;
                }
            }
            int subs = d.has("eventSubscriptions") ? d.get("eventSubscriptions").getAsInt() : 2047;
            ctx.channel().attr(SUBSCRIPTIONS).set(subs);
            identified.add(ctx.channel());
            JsonObject out = new JsonObject();
            out.addProperty("negotiatedRpcVersion", 1);
            ctx.writeAndFlush(new TextWebSocketFrame(message(2, out)));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            identified.remove(ctx.channel());
        }

        private void close(ChannelHandlerContext ctx, int code, String reason) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> ctx.close());
        }
    }

    private JsonObject respond(JsonObject request) {
        String type = request.get("requestType").getAsString();
        requests.add(type);
        JsonObject data = request.has("requestData") && request.get("requestData").isJsonObject()
                ? request.getAsJsonObject("requestData") : new JsonObject();
        JsonObject out = new JsonObject();
        out.addProperty("requestType", type);
        if (request.has("requestId")) {
            out.addProperty("requestId", request.get("requestId").getAsString());
        }
        JsonObject status = new JsonObject();
        try {
            JsonObject result;
            synchronized (this) {
                result = handle(type, data);
            }
            status.addProperty("result", true);
            status.addProperty("code", 100);
            if (result != null) {
                out.add("responseData", result);
            }
        } catch (Refusal r) {
            status.addProperty("result", false);
            status.addProperty("code", r.code);
            status.addProperty("comment", r.getMessage());
        }
        out.add("requestStatus", status);
        return out;
    }

    /** A refused request with obs-websocket's status code. */
    private static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private JsonObject handle(String type, JsonObject d) {
        JsonObject r = new JsonObject();
        switch (type) {
            case "GetVersion" -> {
                r.addProperty("obsVersion", "29.0.2");
                r.addProperty("obsWebSocketVersion", "5.1.0");
                r.addProperty("rpcVersion", 1);
            }
            case "GetCurrentProgramScene" -> r.addProperty("currentProgramSceneName", currentScene);
            case "GetSceneItemList" -> r.add("sceneItems", itemList(scene(d)));
            case "GetGroupSceneItemList" -> throw new Refusal(600, "No group was found by that name");
            case "GetInputList" -> {
                JsonArray list = new JsonArray();
                inputs.forEach((name, input) -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("inputName", name);
                    o.addProperty("inputKind", input.kind());
                    o.addProperty("unversionedInputKind", input.kind());
                    list.add(o);
                });
                r.add("inputs", list);
            }
            case "GetInputSettings" -> {
                Input input = input(d);
                r.add("inputSettings", input.settings().deepCopy());
                r.addProperty("inputKind", input.kind());
            }
            case "SetInputSettings" -> {
                Input input = input(d);
                JsonObject given = d.getAsJsonObject("inputSettings");
                settingsHistory.computeIfAbsent(d.get("inputName").getAsString(), k -> new CopyOnWriteArrayList<>())
                        .add(given.deepCopy());
                if (!d.has("overlay") || d.get("overlay").getAsBoolean()) {
                    given.entrySet().forEach(e -> input.settings().add(e.getKey(), e.getValue()));
                } else {
                    input.settings().entrySet().clear();
                    given.entrySet().forEach(e -> input.settings().add(e.getKey(), e.getValue()));
                }
                return null;
            }
            case "CreateInput" -> {
                String name = d.get("inputName").getAsString();
                if (inputs.containsKey(name)) {
                    throw new Refusal(601, "A source already exists by that input name.");
                }
                List<Item> scene = scene(d);
                JsonObject settings = d.has("inputSettings") ? d.getAsJsonObject("inputSettings") : new JsonObject();
                inputs.put(name, new Input(d.get("inputKind").getAsString(), settings.deepCopy()));
                settingsHistory.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(settings.deepCopy());
                Item item = new Item(nextItem.getAndIncrement(), name);
                if (d.has("sceneItemEnabled")) {
                    item.enabled = d.get("sceneItemEnabled").getAsBoolean();
                }
                scene.add(item);
                r.addProperty("sceneItemId", item.id);
            }
            case "CreateSceneItem" -> {
                String source = d.get("sourceName").getAsString();
                if (!inputs.containsKey(source)) {
                    throw new Refusal(600, "No source was found by the name of `" + source + "`.");
                }
                Item item = new Item(nextItem.getAndIncrement(), source);
                scene(d).add(item);
                r.addProperty("sceneItemId", item.id);
            }
            case "GetSceneItemId" -> {
                String source = d.get("sourceName").getAsString();
                Item item = scene(d).stream().filter(i -> i.source.equals(source)).findFirst()
                        .orElseThrow(() -> new Refusal(600, "No scene items were found in the specified scene by "
                                + "that name or offset."));
                r.addProperty("sceneItemId", item.id);
            }
            case "GetSceneItemTransform" -> r.add("sceneItemTransform", item(d).transform.deepCopy());
            case "SetSceneItemTransform" -> {
                Item item = item(d);
                d.getAsJsonObject("sceneItemTransform").entrySet()
                        .forEach(e -> item.transform.add(e.getKey(), e.getValue()));
                return null;
            }
            case "GetSceneItemIndex" -> r.addProperty("sceneItemIndex", scene(d).indexOf(item(d)));
            case "SetSceneItemIndex" -> {
                List<Item> scene = scene(d);
                Item item = item(d);
                scene.remove(item);
                scene.add(Math.min(d.get("sceneItemIndex").getAsInt(), scene.size()), item);
                return null;
            }
            case "GetSceneItemEnabled" -> r.addProperty("sceneItemEnabled", item(d).enabled);
            case "SetSceneItemEnabled" -> {
                item(d).enabled = d.get("sceneItemEnabled").getAsBoolean();
                return null;
            }
            default -> throw new Refusal(204, "Your request type is not valid.");
        }
        return r;
    }

    private JsonArray itemList(List<Item> scene) {
        JsonArray list = new JsonArray();
        for (int i = 0; i < scene.size(); i++) {
            Item item = scene.get(i);
            Input input = inputs.get(item.source);
            JsonObject o = new JsonObject();
            o.addProperty("sceneItemId", item.id);
            o.addProperty("sceneItemIndex", i);
            o.addProperty("sourceName", item.source);
            o.addProperty("sourceType", "OBS_SOURCE_TYPE_INPUT");
            o.addProperty("inputKind", input.kind());
            o.addProperty("sceneItemEnabled", item.enabled);
            o.addProperty("isGroup", (String) null);
            o.add("sceneItemTransform", item.transform.deepCopy());
            list.add(o);
        }
        return list;
    }

    private List<Item> scene(JsonObject d) {
        List<Item> scene = scenes.get(d.get("sceneName").getAsString());
        if (scene == null) {
            throw new Refusal(600, "No source was found by the name of `" + d.get("sceneName").getAsString() + "`.");
        }
        return scene;
    }

    private Item item(JsonObject d) {
        int id = d.get("sceneItemId").getAsInt();
        return scene(d).stream().filter(i -> i.id == id).findFirst()
                .orElseThrow(() -> new Refusal(600, "No scene items were found in the specified scene."));
    }

    private Input input(JsonObject d) {
        Input input = inputs.get(d.get("inputName").getAsString());
        if (input == null) {
            throw new Refusal(600, "No source was found by the name of `" + d.get("inputName").getAsString() + "`.");
        }
        return input;
    }

    /** A scene item's transform as obs-websocket reports one that was never moved or scaled. */
    private static JsonObject defaultTransform() {
        return JsonParser.parseString("""
                {"positionX": 0.0, "positionY": 0.0, "rotation": 0.0, "scaleX": 1.0, "scaleY": 1.0, "alignment": 5,
                 "boundsType": "OBS_BOUNDS_NONE", "boundsAlignment": 0, "boundsWidth": 0.0, "boundsHeight": 0.0,
                 "cropLeft": 0, "cropRight": 0, "cropTop": 0, "cropBottom": 0, "sourceWidth": 0.0,
                 "sourceHeight": 0.0, "width": 0.0, "height": 0.0}""").getAsJsonObject();
    }

    private static String message(int op, JsonObject d) {
        JsonObject m = new JsonObject();
        m.addProperty("op", op);
        m.add("d", d);
        return m.toString();
    }

    private static String sha256Base64(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
