package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

/**
 * An ordinary scoring service: {@code GET /score?id=N&big=B} reads a feature row over JDBC (in-memory H2),
 * asks a feature service over HTTP (JDK HttpClient), and runs an ONNX model on a batch of 4 items of W
 * features. Whatever
 * traces it, nothing in it knows about tracing.
 *
 * <p>{@code main(model, requests, every, slowWidth)} serves {@code requests} requests to itself from a
 * plain socket client (untraced, so each request's SERVER span is its trace's root); the model is
 * {@code OnnxModels.gram}; every {@code every}-th request after the first 300 has items of
 * {@code slowWidth} features instead of 4, a genuinely slow inference of the same model and batch size.
 * Prints {@code slow=} and {@code normal=}.
 */
public final class ScoringServiceApp {
  private ScoringServiceApp() {}

  public static void main(String[] args) throws Exception {
    int requests = Integer.parseInt(args[1]);
    int every = Integer.parseInt(args[2]);
    int slowWidth = Integer.parseInt(args[3]);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    HttpClient client = HttpClient.newHttpClient();
    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:features");
        OrtSession session = env.createSession(args[0]);
        ServerSocket features = featureService()) {
      db.createStatement().execute("create table features(id int primary key, v real)");
      db.createStatement().execute("insert into features values (1, 0.5), (2, 0.25)");
      URI featureUri = URI.create("http://127.0.0.1:" + features.getLocalPort() + "/features");
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/score", exchange -> {
        try (exchange) {
          String query = exchange.getRequestURI().getQuery();
          int width = Integer.parseInt(query.substring(query.indexOf("width=") + 6));
          float feature;
          synchronized (db) {
            try (PreparedStatement select = db.prepareStatement("select v from features where id = ?")) {
              select.setInt(1, 1);
              try (ResultSet row = select.executeQuery()) {
                row.next();
                feature = row.getFloat(1);
              }
            }
          }
          client.send(HttpRequest.newBuilder(featureUri).build(), HttpResponse.BodyHandlers.ofString());
          float[][] input = new float[4][width];
          input[0][0] = feature;
          try (OnnxTensor x = OnnxTensor.createTensor(env, input); OrtSession.Result r = session.run(Map.of("X", x))) {
            byte[] body = "scored".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        } catch (Exception e) {
          throw new java.io.IOException(e);
        }
      });
      server.start();
      int slow = 0;
      for (int i = 0; i < requests; i++) {
        // After 300: this service's normal inferences settle only after ~150 requests (measured: ~40 us at
        // first, ~0.3 ms later under the OpenTelemetry Java agent), a move the detector reports as a
        // level_shift; a slow request meeting it would be reported as that rather than as a latency_spike.
        boolean spike = i >= 300 && i % every == 0;
        slow += spike ? 1 : 0;
        String status = get(server.getAddress().getPort(), "/score?id=1&width=" + (spike ? slowWidth : 4));
        if (!status.contains(" 200 ")) {
          throw new IllegalStateException("request " + i + ": " + status);
        }
      }
      server.stop(0);
      System.out.println("slow=" + slow);
      System.out.println("normal=" + (requests - slow));
    }
  }

  /** A feature service on a bare socket: one line of HTTP, no server instrumentation to make its own trace. */
  private static ServerSocket featureService() throws java.io.IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread serving = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          readHead(connection.getInputStream());
          connection.getOutputStream().write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
          // closed at exit
        }
      }
    }, "feature-service");
    serving.setDaemon(true);
    serving.start();
    return socket;
  }

  /** A GET over a bare socket (no HTTP client instrumentation): the status line. */
  private static String get(int port, String path) throws java.io.IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      while (in.read() >= 0) {
        // drain to the server's close
      }
      return status;
    }
  }

  private static void readHead(InputStream in) throws java.io.IOException {
    int last4 = 0;
    for (int b; (b = in.read()) >= 0; ) {
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return;
      }
    }
  }
}
