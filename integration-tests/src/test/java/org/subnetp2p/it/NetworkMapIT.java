package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.protocols.task.TaskProtocol;

/**
 * The network map page in a real browser: Debian's Chromium, headless, driven through its
 * chromedriver. Five nodes run in this JVM on loopback (the page needs no containers); node1's page
 * must draw the four others, then notice one leaving. The page lists what its canvas draws in a
 * hidden list ({@code #drawn-peers}), which is what the test reads.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetworkMapIT {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkMapIT.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target");

  private final List<Node> nodes = new ArrayList<>();
  private ChromeDriver browser;
  private Path profile;

  @AfterEach
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
      nodes.forEach(n -> closers.submit(n::close));
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void node1sMapShowsItsFourPeersThenOneLeaving() throws Exception {
    browser = chromium();
    startFiveNodes();
    Node node1 = nodes.get(0);
    Set<String> others =
        nodes.subList(1, 5).stream().map(n -> n.peerId().toString()).collect(Collectors.toSet());
    // Some calls, so that the page has protocol rates to show.
    for (Node caller : nodes.subList(1, 5)) {
      caller
          .protocol(TaskProtocol.class)
          .callRemote(
              node1.host().dialableAddresses().get(0), "map", ByteString.copyFromUtf8("hello"))
          .get(10, TimeUnit.SECONDS);
    }

    InetSocketAddress admin = node1.adminAddress().orElseThrow();
    browser.get("http://127.0.0.1:" + admin.getPort() + "/");

    Awaitility.await("node1's map drawing its four peers, connected, with their round trips")
        .atMost(DEADLINE)
        .ignoreExceptionsInstanceOf(StaleElementReferenceException.class) // a redraw in between
        .until(
            () ->
                drawnPeers(true).equals(others)
                    && browser.findElement(By.id("peers")).getText().contains(" ms")
                    && Integer.parseInt(body("data-polls")) >= 2);
    assertThat(browser.findElement(By.id("self")).getText()).isEqualTo(node1.peerId().toString());
    assertThat(attributes("#protocols tr[data-protocol]", "data-protocol"))
        .contains(TaskProtocol.PROTOCOL_ID);

    // A click on a peer in the list shows its details.
    String node2 = nodes.get(1).peerId().toString();
    Awaitility.await("node2's details after a click on its row")
        .atMost(DEADLINE)
        .ignoreExceptionsInstanceOf(StaleElementReferenceException.class) // a redraw in between
        .until(
            () -> {
              browser
                  .findElement(By.cssSelector("#peers tr[data-peer-id='" + node2 + "']"))
                  .click();
              String details = browser.findElement(By.id("details")).getText();
              return details.contains(node2) && details.contains("connected");
            });
    screenshot("network-map.png");

    String leaving = nodes.get(4).peerId().toString();
    nodes.get(4).close();
    Awaitility.await("node1's map showing node5 gone or disconnected")
        .atMost(DEADLINE)
        .until(() -> !drawnPeers(true).contains(leaving));
    assertThat(drawnPeers(true)).hasSize(3);

    // 1,000 peers known only through the DHT: the page must still draw them all.
    for (int i = 0; i < 1000; i++) {
      node1
          .host()
          .addressBook()
          .add(
              syntheticPeer(i),
              List.of(Multiaddr.parse("/ip4/10.1." + (i / 250) + "." + (i % 250) + "/tcp/4001")),
              AddressBook.Source.DHT,
              Duration.ofMinutes(10));
    }
    Awaitility.await("node1's map drawing 1,000 more peers")
        .atMost(DEADLINE)
        .until(() -> drawnCount() >= 1003);
    // Measured, not asserted: how long the page takes to take in and draw an update, once warm.
    int polls = Integer.parseInt(body("data-polls"));
    Awaitility.await("one more update of the map")
        .atMost(DEADLINE)
        .until(() -> Integer.parseInt(body("data-polls")) > polls);
    LOG.info(
        "network map with {} peers: update {} ms, of which canvas {} ms",
        drawnCount(),
        body("data-update-ms"),
        body("data-draw-ms"));
    screenshot("network-map-1000.png");
  }

  private void startFiveNodes() throws IOException {
    NodeConfig base =
        NodeConfig.builder()
            .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            // as the demo: both discoveries, the gossip heartbeat every 2 s
            .discovery(List.of("dht", "gossip"))
            .discoveryInterval(Duration.ofSeconds(2))
            .build();
    Node node1 =
        Node.create(
            base.toBuilder().admin(Optional.of(new InetSocketAddress("127.0.0.1", 0))).build(),
            Keys.generateEd25519());
    nodes.add(node1);
    node1.start();
    List<Multiaddr> bootstrap = List.of(node1.host().dialableAddresses().get(0));
    for (int i = 1; i < 5; i++) {
      Node node =
          Node.create(base.toBuilder().bootstrap(bootstrap).build(), Keys.generateEd25519());
      nodes.add(node);
      node.start();
    }
  }

  /** Headless Chromium with the flags this closed network needs, on a fresh profile. */
  private ChromeDriver chromium() throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(Files.isExecutable(p))
          .as(
              "%s is missing: the browser test needs Debian's chromium and chromium-driver"
                  + " (apt-get install -y chromium chromium-driver; .ci/run installs them)",
              p)
          .isTrue();
    }
    profile = Files.createTempDirectory("network-map-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The peers the canvas draws, those connected or those not. */
  private Set<String> drawnPeers(boolean connected) {
    return Set.copyOf(
        attributes("#drawn-peers li[data-connected='" + connected + "']", "data-peer-id"));
  }

  /**
   * An attribute of every element {@code selector} matches, read in one script: the page redraws
   * its lists on every poll, so elements found first and read one by one may be gone by then
   * (StaleElementReferenceException, seen in CI).
   */
  private List<String> attributes(String selector, String attribute) {
    Object values =
        browser.executeScript(
            "return Array.from(document.querySelectorAll(arguments[0]),"
                + " e => e.getAttribute(arguments[1]))",
            selector,
            attribute);
    return ((List<?>) values).stream().map(String::valueOf).toList();
  }

  private int drawnCount() {
    Object count =
        browser.executeScript("return document.querySelectorAll('#drawn-peers li').length");
    return ((Number) count).intValue();
  }

  private String body(String attribute) {
    WebElement body = browser.findElement(By.tagName("body"));
    String value = body.getDomAttribute(attribute);
    return value == null ? "0" : value;
  }

  private void screenshot(String name) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SCREENSHOTS);
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    LOG.info("screenshot of the network map: {}", SCREENSHOTS.resolve(name).toAbsolutePath());
  }

  /** A valid peer id (a SHA-256 multihash) without the cost of a key pair. */
  private static PeerId syntheticPeer(int i) {
    byte[] multihash = new byte[34];
    multihash[0] = 0x12;
    multihash[1] = 32;
    multihash[2] = (byte) 0xee;
    multihash[3] = (byte) (i >> 8);
    multihash[4] = (byte) i;
    return PeerId.fromBytes(multihash);
  }
}
