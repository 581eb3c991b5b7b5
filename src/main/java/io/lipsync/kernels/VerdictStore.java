package io.lipsync.kernels;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The verdicts this machine has reached, in one JSON file; a damaged file counts as empty and is rewritten. */
public record VerdictStore(Path file) {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public synchronized Optional<KernelVerdict> find(String cpuHash, String libtorch, int threads) {
        return Optional.ofNullable(readAll().get(KernelVerdict.key(cpuHash, libtorch, threads)));
    }

    /** Adds or replaces a verdict; written to a temporary file and moved into place, so no reader sees half. */
    public synchronized void save(KernelVerdict verdict) {
        Map<String, KernelVerdict> all = readAll();
        all.put(verdict.key(), verdict);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".kernels", ".tmp");
            Files.writeString(temp, GSON.toJson(all), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not remembering costs one more check next time; it is not a reason to stop the command.
            System.err.println("warning: cannot remember the kernel check in " + file + ": " + e.getMessage());
        }
    }

    private Map<String, KernelVerdict> readAll() {
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, KernelVerdict> all = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<TreeMap<String, KernelVerdict>>() {}.getType());
            return all == null ? new TreeMap<>() : new TreeMap<>(all);
        } catch (IOException | JsonParseException e) {
            return new TreeMap<>();
        }
    }
}
