/**
 * noise-libp2p: the {@code /noise} secure channel ({@code Noise_XX_25519_ChaChaPoly_SHA256} with
 * libp2p identity payloads and 2-byte length framing).
 *
 * <p>{@link org.subnetp2p.transport.noise.NoiseHandshakeHandler} authenticates a connection and
 * then replaces itself with {@link org.subnetp2p.transport.noise.NoiseSecureCodec}. The Noise state
 * machine itself ({@code HandshakeState}, {@code SymmetricState}, {@code CipherState}) is
 * package-private and free of Netty. Each primitive comes from whichever library was faster in a
 * JMH measurement (BENCHMARKS.md): X25519 from BouncyCastle's lightweight API (about 3x the JDK's
 * speed), ChaCha20-Poly1305 and SHA-256 from the JDK (whose intrinsics beat BouncyCastle's
 * pure-Java ChaCha20-Poly1305 several times over). An all-zero DH output (a small-order remote key)
 * ends the handshake.
 */
package org.subnetp2p.transport.noise;
