package org.subnetp2p.core.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The JDK crypto calls the key classes share. Every algorithm used here is one every JDK must or
 * does provide, so a missing one is a broken runtime, not bad input.
 */
final class Jca {
  private Jca() {}

  static KeyFactory keyFactory(String algorithm) {
    try {
      return KeyFactory.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no " + algorithm + " key factory", e);
    }
  }

  static Signature signature(String algorithm) {
    try {
      return Signature.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no " + algorithm + " signature", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no SHA-256", e);
    }
  }

  /** Signs with a JDK key; a failure here is a bug, since the key was validated when built. */
  static byte[] sign(String algorithm, java.security.PrivateKey key, byte[] data) {
    try {
      Signature signature = signature(algorithm);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing failed", e);
    }
  }

  /** Verifies with a JDK key; a signature the JDK cannot even parse is just not valid. */
  static boolean verify(String algorithm, java.security.PublicKey key, byte[] data, byte[] sig) {
    try {
      Signature signature = signature(algorithm);
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(sig);
    } catch (SignatureException e) {
      return false;
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException(algorithm + " rejected a validated key", e);
    }
  }
}
