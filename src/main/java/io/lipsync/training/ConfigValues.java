package io.lipsync.training;

import io.lipsync.util.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading upstream's YAML training configs as OmegaConf reads them. */
final class ConfigValues {
    private ConfigValues() {}

    /** A top-level section ({@code data:}, {@code run:}, ...), empty when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> root, String name) {
        return root != null && root.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static double number(Map<String, Object> section, String key, double fallback) {
        Object v = section.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        // YAML 1.1 reads "1e-5" (no dot) as a string; OmegaConf reads it as a number.
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new UserError(key + ": '" + s + "' is not a number", "fix the config");
            }
        }
        return fallback;
    }

    /**
     * What a run says about the config's keys beside the model: those an option replaces (with the option),
     * and those it does not know, so no key is dropped silently.
     */
    static List<String> notes(Map<String, Object> root, Map<String, Set<String>> used, Map<String, String> replaced) {
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, Object> section : root.entrySet()) {
            if (section.getKey().equals("model")) {
                continue;
            }
            Set<String> known = used.get(section.getKey());
            if (known == null || !(section.getValue() instanceof Map<?, ?> keys)) {
                notes.add("unknown section '" + section.getKey() + "' ignored");
                continue;
            }
            for (Object key : keys.keySet()) {
                String name = section.getKey() + "." + key;
                if (replaced.containsKey(name)) {
                    notes.add(name + " not used: " + replaced.get(name));
                } else if (!known.contains(key)) {
                    notes.add("unknown key " + name + " ignored");
                }
            }
        }
        return notes;
    }
}
