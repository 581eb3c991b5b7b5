package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;
import io.lipsync.obs.Placement;
import io.lipsync.util.UserError;
import org.junit.jupiter.api.Test;

class TriggerTest {
    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void readsTheScriptsEvent() {
        Trigger t = Trigger.fromVendorEvent("obs-lipsync", "lipsync", json("{\"scene\":\"Scene\",\"sceneItemId\":4,"
                + "\"source\":\"Avatar\",\"voice\":\"Line 2\",\"placement\":\"replace\",\"preset\":\"draft\","
                + "\"face\":\"left-2\",\"origin\":\"hotkey\"}"));
        assertEquals(new Trigger(Trigger.Action.LIPSYNC, "Scene", 4, "Avatar", "Line 2", Placement.REPLACE,
                new JobChoices(Preset.DRAFT, FaceChoice.fromLeft(2)), "hotkey"), t);
    }

    @Test
    void emptyFieldsMeanTheDaemonsDefaults() {
        Trigger t = Trigger.fromVendorEvent("obs-lipsync-tools", "rerender", json("{\"voice\":\"\",\"sceneItemId\":0}"));
        assertEquals(new Trigger(Trigger.Action.RERENDER, null, null, null, null, null, JobChoices.DEFAULT, null), t);
        assertEquals(Trigger.Action.LIPSYNC, Trigger.fromVendorEvent("obs-lipsync", "lipsync", null).action());
    }

    @Test
    void otherVendorsAndTypesAreNotOurs() {
        assertNull(Trigger.fromVendorEvent("obs-ndi", "lipsync", new JsonObject()));
        assertNull(Trigger.fromVendorEvent("obs-lipsync-x", "lipsync", new JsonObject()));
        assertNull(Trigger.fromVendorEvent("obs-lipsync2", "lipsync", new JsonObject()));
        assertNull(Trigger.fromVendorEvent("obs-lipsync", "hello", new JsonObject()));
    }

    @Test
    void aWrongPlacementIsRefusedWithTheChoices() {
        UserError e = assertThrows(UserError.class,
                () -> Trigger.fromVendorEvent("obs-lipsync", "lipsync", json("{\"placement\":\"sideways\"}")));
        assertEquals("placement must be add or replace, not 'sideways'", e.getMessage());
    }

    /** After Tools > Scripts > Reload the script registers as obs-lipsync-2, -3, ...: its presses still count. */
    @Test
    void aReloadedScriptsVendorNameIsOurs() {
        Trigger t = Trigger.fromVendorEvent("obs-lipsync-2", "lipsync", json("{\"origin\":\"hotkey\"}"));
        assertEquals(Trigger.Action.LIPSYNC, t.action());
        assertEquals(Trigger.Action.RERENDER, Trigger.fromVendorEvent("obs-lipsync-17", "rerender", null).action());
    }

    @Test
    void aWrongPresetIsRefusedWithTheChoices() {
        UserError e = assertThrows(UserError.class,
                () -> Trigger.fromVendorEvent("obs-lipsync", "lipsync", json("{\"preset\":\"ultra\"}")));
        assertTrue(e.getMessage().contains("draft, standard or final, not 'ultra'"), e.getMessage());
    }
}
