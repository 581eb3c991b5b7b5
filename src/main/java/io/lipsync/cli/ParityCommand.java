package io.lipsync.cli;

import io.lipsync.parity.CaseResult;
import io.lipsync.parity.ParityRunner;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lipsync parity}: checks the engine against golden numbers from upstream's Python. */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = {"Runs every case of a parity fixture folder (its cases.json) through the engine and",
                "compares the outputs with upstream's golden values, case by case.",
                "Prints one line per case (max abs error, max rel error, PASS/FAIL) and a closing",
                "'N passed, N failed' line; exits 1 when any case fails.", "",
                "Example: lipsync parity --fixtures ../shared/parity"})
final class ParityCommand implements Callable<Integer> {
    @Option(names = "--fixtures", required = true, paramLabel = "DIR",
            description = "fixture folder holding cases.json and the files it names")
    Path fixtures;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(fixtures)) {
            throw new UserError("fixture folder " + fixtures + " does not exist");
        }
        List<CaseResult> results = new ParityRunner(fixtures).runAll(r -> System.out.println(r.line()));
        long passed = results.stream().filter(CaseResult::passed).count();
        long failed = results.size() - passed;
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
