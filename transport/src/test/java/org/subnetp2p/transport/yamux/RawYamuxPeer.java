package org.subnetp2p.transport.yamux;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A hand-driven Yamux peer on a plain socket: writes frames byte by byte as the spec lays them out
 * (independently of the production codec), and parses what it receives.
 */
final class RawYamuxPeer implements AutoCloseable {
  static final int DATA = 0;
  static final int WINDOW_UPDATE = 1;
  static final int PING = 2;
  static final int GO_AWAY = 3;
  static final int SYN = 1;
  static final int ACK = 2;
  static final int FIN = 4;
  static final int RST = 8;

  /** A received frame; {@code data} is empty except for data frames. */
  record Frame(int version, int type, int flags, int streamId, long length, byte[] data) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  private final Socket socket;
  private final DataOutputStream out;
  private final DataInputStream in;

  RawYamuxPeer(InetSocketAddress address) throws IOException {
    this(new Socket(address.getAddress(), address.getPort()));
  }

  /** A peer whose socket receive buffer is {@code receiveBuffer} bytes, so it fills quickly. */
  static RawYamuxPeer withReceiveBuffer(InetSocketAddress address, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(address);
    return new RawYamuxPeer(socket);
  }

  /** Writes raw bytes, e.g. many frames at once. */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  RawYamuxPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    this.out = new DataOutputStream(socket.getOutputStream());
    this.in = new DataInputStream(socket.getInputStream());
  }

  void send(int version, int type, int flags, int streamId, long length, byte[] payload)
      throws IOException {
    out.writeByte(version);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
    out.write(payload);
    out.flush();
  }

  void send(int type, int flags, int streamId, long length) throws IOException {
    send(0, type, flags, streamId, length, new byte[0]);
  }

  void sendData(int flags, int streamId, byte[] payload) throws IOException {
    send(0, DATA, flags, streamId, payload.length, payload);
  }

  /** The next frame; fails on end of stream. */
  Frame next() throws IOException {
    int version = in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedShort();
    int streamId = in.readInt();
    long length = Integer.toUnsignedLong(in.readInt());
    byte[] data = new byte[type == DATA ? (int) length : 0];
    in.readFully(data);
    return new Frame(version, type, flags, streamId, length, data);
  }

  /** The next frame that is not a ping from the other side (sessions ping once at start). */
  Frame nextIgnoringPings() throws IOException {
    while (true) {
      Frame frame = next();
      if (!(frame.type() == PING && frame.has(SYN))) {
        return frame;
      }
    }
  }

  /** Whether the other side closed the connection: the next read finds end of stream. */
  boolean atEndOfStream() throws IOException {
    try {
      return in.read() < 0;
    } catch (EOFException e) {
      return true;
    }
  }

  InputStream input() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
