package io.lipsync.training;

import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code --set section.key=value}: a training config's keys replaced by name before it is read, each value read as
 * YAML reads it (numbers, booleans, lists). Only keys the config has can be set, so a typo is refused, not ignored.
 */
public final class ConfigOverrides {
    private ConfigOverrides() {}

    /** {@code root} with every setting applied (a copy; {@code root} is left as it was). */
    public static Map<String, Object> apply(Map<String, Object> root, List<String> settings) {
        Map<String, Object> out = copy(root);
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            String[] path = eq < 0 ? new String[0] : setting.substring(0, eq).split("\\.");
            if (path.length < 2) {
                throw new UserError("--set " + setting + ": write it as section.key=value", "e.g. --set "
                        + "run.max_train_steps=100");
            }
            Map<String, Object> at = out;
            for (int i = 0; i < path.length - 1; i++) {
                if (!(at.get(path[i]) instanceof Map<?, ?>)) {
                    throw new UserError("--set " + setting + ": the config has no section " + joined(path, i + 1),
                            "its sections: " + at.keySet());
                }
                at = section(at, path[i]);
            }
            String key = path[path.length - 1];
            if (!at.containsKey(key)) {
                throw new UserError("--set " + setting + ": the config has no key " + joined(path, path.length),
                        "keys there: " + at.keySet());
            }
            at.put(key, new Yaml().load(setting.substring(eq + 1)));
        }
        return out;
    }

    /** The config as YAML text. */
    private static String yaml(Map<String, Object> root) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    /** {@code root} written to a temporary file that goes when the JVM does (a run's folder keeps its text). */
    public static Path write(Map<String, Object> root, String name) {
        try {
            Path file = Files.createTempFile("lipsync-" + name + "-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml(root));
            return file;
        } catch (IOException e) {
            throw new UserError("cannot write the config with --set applied: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> map, String key) {
        Map<String, Object> copy = copy((Map<String, Object>) map.get(key));
        map.put(key, copy);
        return copy;
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }

    private static String joined(String[] path, int n) {
        return String.join(".", java.util.Arrays.copyOf(path, n));
    }
}
