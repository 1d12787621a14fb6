package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The metrics port's status page and its JSON, with a server serving a real pipeline (whose
 * corpus has one file that does not decode) to one client that takes a batch every
 * {@value #CLIENT_PACE_MILLIS} ms, so that every figure moves. The page is opened in headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven by Selenium; its
 * screenshot is saved as {@code target/status-page.png}.
 */
class StatusPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target/status-page.png");
    private static final long CLIENT_PACE_MILLIS = 40;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STREAM_ROW = "#stream-table tr[data-stream='train']";

    @TempDir
    Path dir;
    private AudioServer server;
    private Disposable client;

    @BeforeEach
    void serveToOneSlowClient() throws Exception {
        FaultCorpus.write(dir);
        Files.write(dir.resolve("zz-broken.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E', 9, 9});
        Decode decode = Decode.defaults();
        AudioPipeline pipeline = AudioPipeline.from(Sources.directory(dir).scan()).decode(decode).frames(4_000)
                .shuffle(16).batch(4);
        server = AudioServer.builder().stream("train", BatchSource.of(pipeline))
                .meters(DecodeMeters.of("train", decode.report())).metricsPort(0).bindNow();
        client = AudioClient.builder("127.0.0.1", server.port()).stream("train").reconnects(0).build().batches()
                .concatMap(batch -> Mono.delay(Duration.ofMillis(CLIENT_PACE_MILLIS)).thenReturn(batch), 1)
                .subscribe(batch -> batch.release());
    }

    @AfterEach
    void stop() {
        client.dispose();
        server.dispose();
    }

    @Test
    void statusJsonGroupsTheMetersByStreamAndClient() throws Exception {
        String first = awaitJson(json -> json.contains("\"batches_sent\"")
                && json.contains("\"decode_problem_files\"") && number(json, "decode_problem_files") >= 1);
        assertTrue(first.contains("\"connections\":1,\"max_credit\":4,\"streams\":[{\"name\":\"train\""), first);
        assertTrue(first.matches(".*\"clients\":\\[\\{\"client\":\"[^\"]+\",\"meters\":\\{\"batches_sent\":[0-9.E]+,"
                + "\"credit_outstanding\":[0-9.E]+,\"sent_bytes\":[0-9.E]+}}].*"), first);
        assertTrue(number(first, "decode_frames") > 0, first);
        long made = (long) number(first, "batches_made");
        String later = awaitJson(json -> number(json, "batches_made") > made);
        assertTrue(number(later, "uptime_seconds") > number(first, "uptime_seconds"), later);
    }

    @Test
    void thePageShowsEveryFigureAndItMovesInHeadlessChromium() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the status page is tested in Chromium: apt-get install chromium chromium-driver");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get("http://127.0.0.1:" + server.metricsPort() + "/");
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.until(d -> polls(d) >= 3 && !text(d, "batch-rate").equals("-"));

            assertEquals("reactive-audio server", driver.getTitle());
            assertEquals("1", text(driver, "streams"));
            assertEquals("1", text(driver, "connections"));
            assertTrue(between(value(driver, "credit"), 0, 4), text(driver, "credit"));
            assertTrue(value(driver, "batch-rate") > 0, text(driver, "batch-rate"));
            assertTrue(value(driver, "byte-rate") >= 0, text(driver, "byte-rate"));
            assertTrue(value(driver, "decode-rate") >= 0, text(driver, "decode-rate"));
            assertTrue(text(driver, "pool-use").matches("[0-4] of 4"), text(driver, "pool-use"));
            assertTrue(text(driver, "drops").matches("[1-9][0-9]*, 0"), "the file that does not decode: "
                    + text(driver, "drops"));
            assertEquals(9L, script(driver, "return document.querySelector(\"" + STREAM_ROW + "\").children.length"),
                    "stream, clients, made, made/s, held, files, frames/s, problems, redealt");
            assertEquals(1L, script(driver, "return document.querySelectorAll('#client-table tbody tr').length"));

            long made = madeOnPage(driver);
            int polls = polls(driver);
            wait.until(d -> polls(d) >= polls + 2 && madeOnPage(d) > made);
            saveScreenshot(driver);
        } finally {
            driver.quit();
        }
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the page: " + Files.size(SCREENSHOT) + " bytes");
    }

    /** The stream table's "batches made" of stream {@code train}, read in one script (the page rebuilds its rows). */
    private static long madeOnPage(WebDriver driver) {
        String made = (String) script(driver, "return document.querySelector(\"" + STREAM_ROW + "\").children[2].textContent");
        return Long.parseLong(made.replace(",", ""));
    }

    private static Object script(WebDriver driver, String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    private static int polls(WebDriver driver) {
        return Integer.parseInt(text(driver, "polls"));
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static double value(WebDriver driver, String id) {
        return Double.parseDouble(text(driver, id).replace(",", ""));
    }

    private static boolean between(double value, double low, double high) {
        return value >= low && value <= high;
    }

    private static void saveScreenshot(WebDriver driver) throws Exception {
        Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Polls {@code /status.json} until {@code condition} holds of it, for up to {@link #WAIT}. */
    private String awaitJson(Function<String, Boolean> condition) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String json;
        do {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            json = response.body();
            if (condition.apply(json)) {
                return json;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("status.json never met the condition: " + json);
    }

    /** The first number after {@code "key":} in {@code json}. */
    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.E+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
