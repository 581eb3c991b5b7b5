package io.lipsync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --obs-config}: OBS's config folder, where its scripts, plugins and settings live. */
final class ObsConfigOption {
    @Option(names = "--obs-config", paramLabel = "DIR", description = "OBS's config folder. Default: ~/.config/obs-studio")
    Path dir;

    /** The folder given, else OBS's own default on Linux. */
    Path folder() {
        return dir != null ? dir : Path.of(System.getProperty("user.home"), ".config", "obs-studio");
    }
}
