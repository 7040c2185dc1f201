package org.subnetp2p.node.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The network map page: {@code map.html}, {@code map.js} and {@code map.css} beside this class,
 * served as they are (no build step, nothing from outside the machine). The page polls {@code
 * /map.json} (see {@link MapJson}) and draws it on a canvas.
 */
final class MapPage {
  /** The page's files by the path they are served at, with their content types. */
  static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "/", "text/html; charset=utf-8",
          "/map.js", "text/javascript; charset=utf-8",
          "/map.css", "text/css; charset=utf-8");

  private static final Map<String, String> BODIES =
      Map.of("/", read("map.html"), "/map.js", read("map.js"), "/map.css", read("map.css"));

  private MapPage() {}

  /** The body served at {@code path}, one of {@link #CONTENT_TYPES}' keys. */
  static String body(String path) {
    return BODIES.get(path);
  }

  private static String read(String name) {
    try (InputStream in = MapPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the node jar lacks the network map's " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
