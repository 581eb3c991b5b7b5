package io.lipsync.obs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VoiceLocatorTest {
    @Test
    void theNamingRuleTakesTheDocumentedFormsInAnyCase() {
        assertTrue(VoiceLocator.namesVoiceOf("Avatar voice", "Avatar"));
        assertTrue(VoiceLocator.namesVoiceOf("avatar (Voice)", "Avatar"));
        assertTrue(VoiceLocator.namesVoiceOf("AVATAR - VOICE", "Avatar"));
        assertFalse(VoiceLocator.namesVoiceOf("Avatar voice 2", "Avatar"));
        assertFalse(VoiceLocator.namesVoiceOf("Other voice", "Avatar"));
        assertFalse(VoiceLocator.namesVoiceOf("Avatar", "Avatar"));
    }
}
