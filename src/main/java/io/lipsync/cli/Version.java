package io.lipsync.cli;

import picocli.CommandLine;

/** Reports the version written into the jar's manifest at build time. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"obs-lipsync " + (v == null ? "(development build)" : v)};
    }
}
