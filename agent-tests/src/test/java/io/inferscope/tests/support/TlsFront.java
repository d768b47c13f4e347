package io.inferscope.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * HTTPS in front of a plain-HTTP test server on 127.0.0.1: TLS is terminated here and the bytes
 * are relayed unchanged both ways, so an application speaks real HTTPS to a server that records and
 * answers as usual. The certificate is self-signed for 127.0.0.1, made by the JDK's keytool in a
 * folder of the test's; the application trusts it through {@link #trustStoreProperties}.
 */
public final class TlsFront implements AutoCloseable {
  private static final String PASSWORD = "changeit";

  private final ServerSocket server;
  private final Path keyStore;
  private final int backendPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private TlsFront(Path keyStore, int backendPort) throws Exception {
    this.keyStore = keyStore;
    this.backendPort = backendPort;
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    this.server = socket;
    this.acceptor = new Thread(this::accept, "tls-front-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A front for the server listening on {@code backendPort}, its key store written to {@code dir}. */
  public static TlsFront start(Path dir, int backendPort) {
    try {
      Path keyStore = dir.resolve("tls-front.p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "front", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
          "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      return new TlsFront(keyStore, backendPort);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the TLS front", e);
    }
  }

  /** {@code https://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The system properties under which a JVM trusts this front's certificate. */
  public List<String[]> trustStoreProperties() {
    return List.of(
        new String[] {"javax.net.ssl.trustStore", keyStore.toString()},
        new String[] {"javax.net.ssl.trustStorePassword", PASSWORD},
        new String[] {"javax.net.ssl.trustStoreType", "PKCS12"});
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket backend = new Socket(InetAddress.getByName("127.0.0.1"), backendPort);
        sockets.add(client);
        sockets.add(backend);
        relay(client, backend, "tls-front-up");
        relay(backend, client, "tls-front-down");
      } catch (IOException e) {
        if (!server.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Copies {@code from} to {@code to} until either ends, then closes both. */
  private void relay(Socket from, Socket to, String name) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed: nothing more to relay
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(TlsFront::closeQuietly);
  }
}
