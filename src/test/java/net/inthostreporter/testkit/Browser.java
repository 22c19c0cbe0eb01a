// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by Debian's chromedriver through Selenium. Both binaries
 * are given by path, so Selenium Manager never looks for (or downloads) a driver or a browser;
 * the flags keep chromium from calling home (no component updates, sync, QUIC or background
 * networking), and every browser gets a fresh profile that is deleted on close.
 *
 * <p>Screenshots go to {@code target/screenshots/} as test artifacts.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("ihr.project.dir", "."), "target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless browser with a window of {@code width} × {@code height} CSS pixels. */
    public static Browser start(int width, int height) {
        requireBinaries();
        Path profile;
        try {
            profile = Files.createTempDirectory("ihr-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /** The browser tests run wherever the project's tests run (setup.sh installs both packages). */
    private static void requireBinaries() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver "
                        + "(scripts/setup.sh does)");
            }
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a page and waits until its document has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    /** Waits until {@code condition} gives a non-null, non-false value; returns it. */
    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    /** Runs a script in the page and returns its result. */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /*
     * Reading the page in one script call each: a live page redraws on every event, so element
     * references taken a moment earlier may be gone (stale) by the time they are read.
     */

    /** The rendered text of the element with this id. */
    public String text(String id) {
        return (String) script("return document.getElementById(arguments[0]).innerText", id);
    }

    /** The text content of every element matching a CSS selector, trimmed, in document order. */
    @SuppressWarnings("unchecked")
    public List<String> texts(String css) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())", css);
    }

    /** One attribute of every element matching a CSS selector (null where absent). */
    @SuppressWarnings("unchecked")
    public List<String> attributes(String css, String attribute) {
        return (List<String>) script(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))", css, attribute);
    }

    /** For every table row matching a CSS selector, its cells' rendered text (lines joined by a space). */
    @SuppressWarnings("unchecked")
    public List<List<String>> cells(String css) {
        return (List<List<String>>) script("return [...document.querySelectorAll(arguments[0])]"
                + ".map(r => [...r.cells].map(c => c.innerText.trim().replace(/\\s*\\n\\s*/g, ' ')))", css);
    }

    /** Saves the visible page as {@code target/screenshots/NAME.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the whole page, not only the window (chromium's DevTools capture beyond the viewport). */
    public Path fullPageScreenshot(String name) {
        Number width = (Number) script("return document.documentElement.scrollWidth");
        Number height = (Number) script("return document.documentElement.scrollHeight");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
