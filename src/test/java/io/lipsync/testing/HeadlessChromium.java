package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless and kept off the network (this machine
 * has none, and Chromium's background services would only fail). Skips where they are not installed,
 * fails instead under CI ({@link RealObs#REQUIRE_ENV}).
 */
public final class HeadlessChromium {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    public static ChromeDriver start(Path profile) {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String why = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
        if (!present && System.getenv(RealObs.REQUIRE_ENV) != null) {
            fail(why + ", and " + RealObs.REQUIRE_ENV + " says this run must test the dock in a browser");
        }
        assumeTrue(present, "skipped: " + why);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
