package org.subnetp2p.core.multiaddr;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.subnetp2p.core.encoding.Base58;
import org.subnetp2p.core.identity.InvalidPeerIdException;
import org.subnetp2p.core.identity.PeerId;

/** The value codecs of the supported protocols. */
final class ValueCodecs {
  private ValueCodecs() {}

  /** For protocols without a value; never called, since such components carry no value. */
  static final ValueCodec NONE =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          throw new IllegalStateException(protocol + " takes no value");
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {}

        @Override
        public String format(Protocol protocol, byte[] value) {
          return "";
        }
      };

  static final ValueCodec IP4 =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          byte[] address = IpText.parseIp4(text);
          if (address == null) {
            throw new MultiaddrException("invalid ip4 address \"" + text + "\"");
          }
          return address;
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {}

        @Override
        public String format(Protocol protocol, byte[] value) {
          return IpText.formatIp4(value);
        }
      };

  static final ValueCodec IP6 =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          byte[] address = IpText.parseIp6(text);
          if (address == null) {
            throw new MultiaddrException("invalid ip6 address \"" + text + "\"");
          }
          return address;
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {}

        @Override
        public String format(Protocol protocol, byte[] value) {
          return IpText.formatIp6(value);
        }
      };

  /** Big-endian unsigned integers in decimal: 16-bit ports, the 8-bit ipcidr prefix length. */
  static final ValueCodec UNSIGNED =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MultiaddrException(
                "invalid " + protocol + " " + noun(protocol) + " \"" + text + "\"");
          }
          int bytes = protocol.sizeBits() / 8;
          long max = (1L << protocol.sizeBits()) - 1;
          String digits = text.replaceFirst("^0+(?=.)", "");
          if (digits.length() > 10 || Long.parseLong(digits) > max) {
            throw new MultiaddrException(
                protocol
                    + " "
                    + noun(protocol)
                    + " out of range (0-"
                    + max
                    + "): \""
                    + text
                    + "\"");
          }
          long value = Long.parseLong(digits);
          byte[] out = new byte[bytes];
          for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
          }
          return out;
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {}

        @Override
        public String format(Protocol protocol, byte[] value) {
          long v = 0;
          for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
          }
          return Long.toString(v);
        }

        private static String noun(Protocol protocol) {
          return protocol.sizeBits() == 16 ? "port" : "value";
        }
      };

  /**
   * UTF-8 names (dns, sni, ip6zone): non-empty and without {@code /}, which would make the text
   * form ambiguous. Beyond that, names are not checked: resolvers reject what they cannot use.
   */
  static final ValueCodec NAME =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          check(protocol, text);
          try {
            ByteBuffer encoded =
                StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
          } catch (CharacterCodingException e) {
            throw new MultiaddrException(
                "invalid " + protocol + " value \"" + text + "\": not valid Unicode", e);
          }
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {
          String text;
          try {
            text =
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
          } catch (CharacterCodingException e) {
            throw new MultiaddrException("invalid " + protocol + " value: not UTF-8", e);
          }
          check(protocol, text);
        }

        @Override
        public String format(Protocol protocol, byte[] value) {
          return new String(value, StandardCharsets.UTF_8);
        }

        private static void check(Protocol protocol, String text) {
          if (text.isEmpty()) {
            throw new MultiaddrException("empty " + protocol + " value");
          }
          if (text.indexOf('/') >= 0) {
            throw new MultiaddrException(
                "invalid " + protocol + " value \"" + text + "\": contains \"/\"");
          }
        }
      };

  /** Peer ids: a multihash in binary, base58btc or a CIDv1 in text, always printed base58btc. */
  static final ValueCodec PEER_ID =
      new ValueCodec() {
        @Override
        public byte[] parse(Protocol protocol, String text) {
          try {
            return PeerId.fromString(text).toBytes();
          } catch (InvalidPeerIdException e) {
            throw new MultiaddrException(
                "invalid " + protocol + " value \"" + text + "\": " + e.getMessage(), e);
          }
        }

        @Override
        public void validate(Protocol protocol, byte[] value) {
          try {
            PeerId.fromBytes(value);
          } catch (InvalidPeerIdException e) {
            throw new MultiaddrException("invalid " + protocol + " value: " + e.getMessage(), e);
          }
        }

        @Override
        public String format(Protocol protocol, byte[] value) {
          return Base58.encode(value); // validated on the way in: no need to decode the key again
        }
      };
}
