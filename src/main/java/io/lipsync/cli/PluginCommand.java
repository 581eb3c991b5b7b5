package io.lipsync.cli;

import io.lipsync.obs.PluginInstaller;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lipsync plugin install|uninstall}: puts the OBS side in place, or removes it. */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        description = "The OBS side of obs-lipsync: the Lua script and the Tools-menu plugin.",
        subcommands = {PluginCommand.Install.class, PluginCommand.Uninstall.class})
final class PluginCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Copies the Lua script into OBS's config folder and, where a C compiler",
                    "and OBS's headers (Debian: libobs-dev) exist, builds and installs the",
                    "native plugin that adds Tools > Lip-sync clip. Prints the one step left",
                    "to do in OBS.", ""})
    static final class Install implements Callable<Integer> {
        @Mixin
        ObsConfigOption obs = new ObsConfigOption();

        @Override
        public Integer call() {
            print(installer(obs).install());
            System.out.println("Then start the daemon (lipsync daemon) and add its dock URL under Docks > Custom "
                    + "Browser Docks.");
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = {"Removes the Lua script and the Tools-menu plugin that `plugin install` put into",
                    "OBS's config folder, saying what it removed. Best with OBS closed.", ""})
    static final class Uninstall implements Callable<Integer> {
        @Mixin
        ObsConfigOption obs = new ObsConfigOption();

        @Override
        public Integer call() {
            print(installer(obs).uninstall());
            return 0;
        }
    }

    /** The installer for the OBS config folder given (both subcommands work in it). */
    private static PluginInstaller installer(ObsConfigOption obs) {
        return new PluginInstaller(obs.folder(), PluginInstaller.launcherOfThisBuild());
    }

    private static void print(PluginInstaller.Report report) {
        report.done().forEach(System.out::println);
        if (!report.manualSteps().isEmpty()) {
            System.out.println();
            System.out.println("Left to do:");
            report.manualSteps().forEach(step -> System.out.println("  " + step));
        }
    }
}
