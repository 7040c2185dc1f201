/**
 * noise-libp2p: the {@code /noise} secure channel ({@code Noise_XX_25519_ChaChaPoly_SHA256} with
 * libp2p identity payloads and 2-byte length framing).
 *
 * <p>{@link org.subnetp2p.transport.noise.NoiseHandshakeHandler} authenticates a connection and
 * then replaces itself with {@link org.subnetp2p.transport.noise.NoiseSecureCodec}. The Noise state
 * machine itself ({@code HandshakeState}, {@code SymmetricState}, {@code CipherState}) is
 * package-private and free of Netty; it runs on the JDK's X25519, ChaCha20-Poly1305 and SHA-256.
 */
package org.subnetp2p.transport.noise;
